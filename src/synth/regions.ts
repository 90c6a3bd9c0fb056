/**
 * ZON_NM shares (sessions, as published) and the CITY_NM values under each, with rough
 * relative population weights. In metropolitan cities CITY_NM equals ZON_NM.
 * Gimhae-si carries a large weight because the real data has no Changwon value
 * (Gimhae-si is 38% of Gyeongsangnam-do sessions, §3.5).
 */

export interface Zone {
  name: string;
  share: number;
  cities: ReadonlyArray<{name: string; weight: number}>;
}

const ZONE_TABLE: ReadonlyArray<[string, number, string]> = [
  ["Seoul", 1019843, "Seoul:1"],
  ["Gyeonggi-do", 469954,
    "Suwon-si:120 Yongin-si:100 Goyang-si:121 Seongnam-si:95 Bucheon-si:85 Hwaseong-si:70 Ansan-si:70 Namyangju-si:67 " +
    "Anyang:58 Pyeongtaek-si:48 Siheung-si:45 Paju-si:45 Uijeongbu-si:44 Gimpo-si:40 Gwangju-si:35 Gwangmyeong-si:33 " +
    "Gunpo-si:28 Hanam-si:25 Osan-si:22 Icheon-si:21 Yangju-si:21 Guri-si:20 Anseong:18 Uiwang-si:16 Pocheon-si:15 " +
    "Yeoju-gun:11 Yangpyeong-gun:11 Dongducheon-si:10 Gwacheon-si:6 Gapyeong-gun:6 Yeoncheon-gun:4.5"],
  ["Busan", 295940, "Busan:1"],
  ["Gyeongsangnam-do", 128716,
    "Gimhae-si:110 Masan:40 Jinju-si:35 Yangsan-si:33 Geoje-si:25 Tongyeong-si:13 Sacheon-si:11.5 Miryang-si:10.5 " +
    "Haman-gun:6.5 Changnyeong-gun:6.3 Geochang-gun:6.2 Goseong-gun:5.3 Hadong-gun:4.6 Hapcheon-gun:4.6 Namhae-gun:4.4 " +
    "Hamyang-gun:4 Sancheong-gun:3.5 Uiryeong-gun:2.8"],
  ["Daegu", 116707, "Daegu:1"],
  ["Incheon", 100728, "Incheon:1"],
  ["Gyeongsangbuk-do", 91183,
    "Pohang-si:51 Gumi-si:42 Gyeongsan-si:27 Gyeongju-si:25 Andong:16 Gimcheon-si:14 Chilgok-gun:12 Yeongju-si:10.5 " +
    "Yeongcheon-si:10 Sangju-si:10 Mungyeong-si:7.3 Uiseong-gun:5.3 Yecheon-gun:5 Uljin-gun:5 Seongju-gun:4.5 " +
    "Cheongdo-gun:4.3 Yeongdeok-gun:3.8 Goryeong-gun:3.3 Bonghwa-gun:3.3 Cheongsong-gun:2.6 Gunwi-gun:2.4 " +
    "Yeongyang-gun:1.7 Ulleung-gun:1"],
  ["Jeollabuk-do", 78437,
    "Jeonju-si:65 Iksan:30 Gunsan-si:27 Jeongeup-si:11 Wanju-gun:9.5 Gimje-si:8.5 Namwon-si:8 Gochang-gun:5.6 " +
    "Buan-gun:5.5 Imsil-gun:2.9 Sunchang-gun:2.9 Jinan-gun:2.6 Muju-gun:2.5 Jangsu-gun:2.3"],
  ["Chungcheongnam-do", 78072,
    "Cheonan-si:65 Asan-si:32 Yeongi-gun:30 Seosan-si:17 Dangjin-si:17 Nonsan-si:12 Gongju-si:11 Boryeong-si:10 " +
    "Hongseong-gun:10 Yesan-gun:8 Buyeo-gun:7 Taean-gun:6.3 Seocheon-gun:5.5 Geumsan-gun:5.3 Gyeryong-si:4.3 " +
    "Cheongyang-gun:3.2"],
  ["Gwangju", 70773, "Gwangju:1"],
  ["Daejeon", 60442, "Daejeon:1"],
  ["Jeollanam-do", 49299,
    "Suncheon-si:28 Yeosu-si:28 Mokpo-si:23 Gwangyang-si:15 Naju-si:11 Muan-gun:8 Haenam-gun:7 Hwasun-gun:6.5 " +
    "Goheung-gun:6.5 Yeongam-gun:5.5 Yeonggwang-gun:5.4 Wando-gun:5 Damyang-gun:4.7 Jangseong-gun:4.5 Boseong-gun:4.3 " +
    "Sinan-gun:4.2 Jangheung-gun:3.9 Gangjin-gun:3.6 Hampyeong-gun:3.3 Jindo-gun:3.1 Gokseong-gun:2.9 Gurye-gun:2.6"],
  ["Ulsan", 46584, "Ulsan:1"],
  ["Chungcheongbuk-do", 44455,
    "Cheongju-si:84 Chungju-si:21 Jecheon-si:14 Eumseong-gun:9 Jincheon-gun:8 Cheongwon-gun:5 Okcheon-gun:5 " +
    "Yeongdong-gun:5 Goesan-gun:3.8 Jeungpyeong-gun:3.7 Boeun-gun:3.4 Danyang-gun:3"],
  ["Gangwon-do", 42701,
    "Wonju-si:35 Chuncheon-si:28 Gangneung-si:21 Donghae-si:9 Sokcho-si:8 Samcheok-si:7 Hongcheon-gun:7 " +
    "Taebaek-si:4.5 Cheorwon-gun:4.5 Hoengseong-gun:4.5 Pyeongchang-gun:4.3 Yeongwol-gun:4 Jeongseon-gun:3.8 " +
    "Inje-gun:3.2 Yangyang-gun:2.8 Hwacheon-gun:2.5 Yanggu-gun:2.4"],
  ["Jeju-do", 19073, "Jeju-si:48 Seogwipo-si:18"]
];

const zoneTotal = ZONE_TABLE.reduce((s, z) => s + z[1], 0);

export const ZONES: readonly Zone[] = ZONE_TABLE.map(([name, sessions, cities]) => ({
  name,
  share: sessions / zoneTotal,
  cities: cities.split(" ").map((entry) => {
    const at = entry.lastIndexOf(":");
    return {name: entry.slice(0, at), weight: Number(entry.slice(at + 1))};
  })
}));

export const CITY_NAMES: readonly string[] = ZONES.flatMap((z) => z.cities.map((c) => c.name)).sort();
