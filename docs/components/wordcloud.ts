import cloud from "../vendor/d3-cloud.js";

export interface CloudWord {
  keyword: string;
  searches: number;
}

/**
 * Word cloud of keywords sized by searches (d3-cloud). Keywords are untrusted text: they are set
 * with textContent / SVG <title> text, never as markup. Layout is seeded so it is the same each time.
 */
export async function WordCloud(words: readonly CloudWord[], {width = 640, height = 400, seed = 7, fontFamily = "var(--sans-serif)", attempts = 6} = {}): Promise<SVGSVGElement> {
  // d3-cloud silently drops words it cannot place; shrink the fonts until every word fits.
  let shrink = 1;
  for (let i = 1; ; i++) {
    const svg = await layout(words, {width, height, seed, fontFamily, shrink});
    if (Number(svg.dataset.placed) === words.length || i >= attempts) return svg;
    shrink *= 0.82;
  }
}

function layout(words: readonly CloudWord[], {width, height, seed, fontFamily, shrink}: {width: number; height: number; seed: number; fontFamily: string; shrink: number}): Promise<SVGSVGElement> {
  const max = Math.max(1, ...words.map((w) => w.searches));
  const min = Math.min(max, ...words.map((w) => w.searches));
  const scale = (v: number) => shrink * (10 + 42 * Math.sqrt((v - min) / Math.max(1, max - min)));
  let s = seed >>> 0;
  const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  return new Promise((resolve) => {
    cloud<{text: string; size: number; searches: number}>()
      .size([width, height])
      .words(words.map((w) => ({text: w.keyword, size: scale(w.searches), searches: w.searches})))
      .padding(2)
      .rotate(() => 0)
      .font("sans-serif")
      .fontSize((d) => d.size)
      .random(random)
      .on("end", (placed) => {
        const ns = "http://www.w3.org/2000/svg";
        const svg = document.createElementNS(ns, "svg");
        svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
        svg.setAttribute("width", String(width));
        svg.setAttribute("height", String(height));
        svg.setAttribute("class", "wordcloud");
        svg.dataset.placed = String(placed.length);
        svg.dataset.words = String(words.length);
        svg.style.maxWidth = "100%";
        const g = document.createElementNS(ns, "g");
        g.setAttribute("transform", `translate(${width / 2},${height / 2})`);
        placed.forEach((w, i) => {
          const t = document.createElementNS(ns, "text");
          t.setAttribute("text-anchor", "middle");
          t.setAttribute("transform", `translate(${w.x},${w.y})`);
          t.setAttribute("font-size", String(w.size));
          t.setAttribute("font-family", fontFamily);
          // ten colours per scheme, each legible on the card (style.css)
          t.setAttribute("class", `wc-${i % 10}`);
          t.textContent = w.text;
          const title = document.createElementNS(ns, "title");
          title.textContent = `${w.text}: ${w.searches.toLocaleString("en-US")} searches`;
          t.append(title);
          g.append(t);
        });
        svg.append(g);
        resolve(svg);
      })
      .start();
  });
}
