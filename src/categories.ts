/**
 * Top categories (CLAC1_NM). The data decides which categories exist; this module only knows how to
 * gloss the 37 names of the competition's 06.Master in English, and which 11 the report analysed.
 */
export interface KnownCategory {
  /** CLAC1_NM exactly as in the competition data */
  name: string;
  /** English gloss shown beside the Korean name */
  en: string;
  /** short English key, stable across builds (used in file names and URLs) */
  key: string;
}

/** Glosses of the competition's 37 top categories; other names are shown as they are. */
export const KNOWN_CATEGORIES: readonly KnownCategory[] = [
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

/** How many categories the report called its main ones. */
export const MAIN_CATEGORY_COUNT = REPORT_CATEGORIES.length;

const byName = new Map(KNOWN_CATEGORIES.map((c) => [c.name, c]));

/** English gloss of a CLAC1_NM; unknown names (other data) come back unchanged. */
export function categoryGloss(name: string): string {
  return byName.get(name)?.en ?? name;
}

/** "여성의류 (Women's clothing)"; a name without a gloss alone. */
export function categoryLabel(name: string): string {
  const en = byName.get(name)?.en;
  return en ? `${name} (${en})` : name;
}

/** The English key of a category the glosses know, else null. */
export function knownCategoryKey(name: string): string | null {
  return byName.get(name)?.key ?? null;
}

/**
 * A short key for file names and URLs: the known English key, else "category-" and a hash of the name
 * (names are untrusted text; the key never contains anything but [a-z0-9-]).
 */
export function categoryKey(name: string): string {
  const known = knownCategoryKey(name);
  if (known) return known;
  // FNV-1a over the UTF-16 code units: deterministic, the same in node and the browser
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return `category-${h.toString(16).padStart(8, "0")}`;
}

export interface MainCategories {
  categories: string[];
  /** "report": exactly the report's categories; "revenue": none of them, the largest by revenue; "mixed": the report's present ones, then the largest others */
  basis: "report" | "revenue" | "mixed";
  /** "the report's 11", "the 11 largest by revenue", … */
  label: string;
}

/**
 * The data's main categories: the report's 11 where the data has them (in the report's order), filled
 * up to `n` with the data's largest other categories by revenue. `byRevenue` lists the data's
 * categories, largest first.
 */
export function mainCategories(byRevenue: readonly string[], n = MAIN_CATEGORY_COUNT): MainCategories {
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid number of main categories ${JSON.stringify(n)}: expected a whole number ≥ 1`);
  const present = new Set(byRevenue);
  const report = REPORT_CATEGORIES.filter((c) => present.has(c)).slice(0, n);
  const rest = byRevenue.filter((c) => !REPORT_CATEGORIES.includes(c)).slice(0, n - report.length);
  const categories = [...report, ...rest];
  const basis = rest.length === 0 && report.length === REPORT_CATEGORIES.length ? "report" : report.length === 0 ? "revenue" : "mixed";
  const label =
    basis === "report"
      ? `the report's ${categories.length}`
      : basis === "revenue"
        ? `the ${categories.length} largest by revenue`
        : `the report's ${report.length} in the data and the ${rest.length} largest others`;
  return {categories, basis, label};
}
