/** The 37 top categories (CLAC1_NM) of 06.Master, as in the data, with English glosses. */
export interface TopCategory {
  /** CLAC1_NM exactly as in the data */
  name: string;
  /** English gloss shown beside the Korean name */
  en: string;
  /** short English key, stable across builds (used in file names and URLs) */
  key: string;
}

export const TOP_CATEGORIES: readonly TopCategory[] = [
  {name: "여성의류", en: "Women's clothing", key: "womens-clothing"},
  {name: "화장품/뷰티케어", en: "Cosmetics / beauty", key: "cosmetics"},
  {name: "스포츠패션", en: "Sports fashion", key: "sports-fashion"},
  {name: "남성의류", en: "Men's clothing", key: "mens-clothing"},
  {name: "패션잡화", en: "Fashion accessories", key: "fashion-accessories"},
  {name: "속옷/양말/홈웨어", en: "Underwear / socks / homewear", key: "underwear"},
  {name: "유아동의류", en: "Kids' clothing", key: "kids-clothing"},
  {name: "시즌스포츠", en: "Season sports", key: "season-sports"},
  {name: "출산/육아용품", en: "Maternity / baby", key: "maternity-baby"},
  {name: "퍼스널케어", en: "Personal care", key: "personal-care"},
  {name: "건강식품", en: "Health food", key: "health-food"},
  {name: "원예/애완", en: "Gardening / pets", key: "pets"},
  {name: "식기/조리기구", en: "Tableware / cookware", key: "tableware"},
  {name: "침구/수예", en: "Bedding / handicraft", key: "bedding"},
  {name: "완구", en: "Toys", key: "toys"},
  {name: "음료", en: "Beverages", key: "beverages"},
  {name: "문구/사무용품", en: "Stationery / office", key: "stationery"},
  {name: "주방잡화", en: "Kitchen goods", key: "kitchen-goods"},
  {name: "아웃도어/레저", en: "Outdoor / leisure", key: "outdoor"},
  {name: "세제/위생", en: "Detergent / hygiene", key: "detergent"},
  {name: "청소/세탁/욕실용품", en: "Cleaning / laundry / bath", key: "cleaning"},
  {name: "가구", en: "Furniture", key: "furniture"},
  {name: "생활/주방가전", en: "Home / kitchen appliances", key: "home-appliances"},
  {name: "구기/필드스포츠", en: "Ball / field sports", key: "field-sports"},
  {name: "모바일", en: "Mobile", key: "mobile"},
  {name: "헬스/피트니스", en: "Health / fitness", key: "fitness"},
  {name: "과일", en: "Fruit", key: "fruit"},
  {name: "컴퓨터", en: "Computers", key: "computers"},
  {name: "계절가전", en: "Seasonal appliances", key: "seasonal-appliances"},
  {name: "냉장식품", en: "Chilled food", key: "chilled-food"},
  {name: "냉동식품", en: "Frozen food", key: "frozen-food"},
  {name: "상품권", en: "Gift cards", key: "gift-cards"},
  {name: "축산물", en: "Meat", key: "meat"},
  {name: "냉장/세탁가전", en: "Fridges / washers", key: "fridges-washers"},
  {name: "인테리어/조명", en: "Interior / lighting", key: "interior"},
  {name: "영상/음향가전", en: "TV / audio", key: "tv-audio"},
  {name: "자동차용품", en: "Car accessories", key: "car"}
];

/** The 11 categories of the report's forecast and segmentation tables, in the report's order. */
export const REPORT_CATEGORIES: readonly string[] = [
  "여성의류", "화장품/뷰티케어", "스포츠패션", "남성의류", "패션잡화", "속옷/양말/홈웨어",
  "유아동의류", "시즌스포츠", "출산/육아용품", "퍼스널케어", "건강식품"
];

const byName = new Map(TOP_CATEGORIES.map((c) => [c.name, c]));

/** English gloss of a CLAC1_NM; unknown names (real data may differ) come back unchanged. */
export function categoryGloss(name: string): string {
  return byName.get(name)?.en ?? name;
}

/** "여성의류 (Women's clothing)" */
export function categoryLabel(name: string): string {
  const en = byName.get(name)?.en;
  return en ? `${name} (${en})` : name;
}
