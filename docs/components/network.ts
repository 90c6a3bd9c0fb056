import * as d3 from "d3";

export interface NetNode { category: string; sessions: number; label?: string }
export interface NetEdge { source: string; target: string; sessions: number }

type SimNode = NetNode & d3.SimulationNodeDatum;
type SimLink = d3.SimulationLinkDatum<SimNode> & {sessions: number};

/**
 * Category co-purchase network: nodes sized by sessions buying the category, edges weighted by
 * sessions buying both. Laid out with d3-force run to rest up front (deterministic, no animation).
 * Hover a node or edge to see its counts (SVG <title>, set as text).
 */
export function CoPurchaseNetwork(nodes: readonly NetNode[], edges: readonly NetEdge[], {width = 640, height = 520, minSessions = 0} = {}): SVGSVGElement {
  const kept = edges.filter((e) => e.sessions >= minSessions);
  const aspect = height / Math.max(1, width);
  const used = new Set(kept.flatMap((e) => [e.source, e.target]));
  const simNodes: SimNode[] = nodes.filter((n) => used.has(n.category)).map((n, i) => ({...n, x: Math.cos(i) * 100, y: Math.sin(i) * 100}));
  const links: SimLink[] = kept.map((e) => ({source: e.source, target: e.target, sessions: e.sessions}));
  const maxEdge = d3.max(links, (l) => l.sessions) ?? 1;
  const r = d3.scaleSqrt().domain([0, d3.max(simNodes, (n) => n.sessions) ?? 1]).range([3, 26]);
  const w = d3.scaleLinear().domain([0, maxEdge]).range([0.5, 9]);
  d3.forceSimulation(simNodes)
    .force("link", d3.forceLink<SimNode, SimLink>(links).id((d) => d.category).distance((l) => 140 - 90 * (l.sessions / maxEdge)).strength(0.4))
    .force("charge", d3.forceManyBody().strength(-260))
    .force("collide", d3.forceCollide<SimNode>().radius((d) => r(d.sessions) + 3))
    .force("center", d3.forceCenter(0, 0))
    // a pull towards the centre, stronger across the narrow side: the layout takes the card's shape, so a
    // phone draws it tall at a legible scale instead of shrinking a wide layout to a third
    .force("x", d3.forceX(0).strength(0.05 * Math.sqrt(aspect)))
    .force("y", d3.forceY(0).strength(0.05 / Math.sqrt(aspect)))
    .stop()
    .tick(400);
  // The view box is the drawing's own extent (circles and their labels), so no node falls outside the card.
  const labelHalf = (d: SimNode) => d.category.length * 5.5;
  const bounds = {
    x0: d3.min(simNodes, (d) => d.x! - Math.max(r(d.sessions), labelHalf(d))) ?? -width / 2,
    x1: d3.max(simNodes, (d) => d.x! + Math.max(r(d.sessions), labelHalf(d))) ?? width / 2,
    y0: d3.min(simNodes, (d) => d.y! - r(d.sessions) - 14) ?? -height / 2,
    y1: d3.max(simNodes, (d) => d.y! + r(d.sessions)) ?? height / 2
  };
  const pad = 6;
  const box = [bounds.x0 - pad, bounds.y0 - pad, Math.max(1, bounds.x1 - bounds.x0 + 2 * pad), Math.max(1, bounds.y1 - bounds.y0 + 2 * pad)];
  const svg = d3.create("svg").attr("viewBox", box).attr("width", width).attr("height", Math.min(height, Math.round((width * box[3]) / box[2])))
    .attr("class", "copurchase").style("max-width", "100%").style("height", "auto");
  const edge = svg.append("g").attr("stroke", "currentColor").attr("stroke-opacity", 0.25).selectAll("line").data(links).join("line")
    .attr("x1", (d) => (d.source as SimNode).x!).attr("y1", (d) => (d.source as SimNode).y!)
    .attr("x2", (d) => (d.target as SimNode).x!).attr("y2", (d) => (d.target as SimNode).y!)
    .attr("stroke-width", (d) => w(d.sessions));
  edge.append("title").text((d) => `${(d.source as SimNode).label ?? (d.source as SimNode).category} + ${(d.target as SimNode).label ?? (d.target as SimNode).category}: ${d.sessions.toLocaleString("en-US")} sessions bought both`);
  const node = svg.append("g").selectAll("g").data(simNodes).join("g").attr("transform", (d) => `translate(${d.x},${d.y})`).attr("class", "node");
  node.append("circle").attr("r", (d) => r(d.sessions)).attr("fill", "#4269d0").attr("fill-opacity", 0.8).attr("stroke", "var(--theme-background, white)");
  node.append("text").text((d) => d.category).attr("dy", (d) => -r(d.sessions) - 3).attr("text-anchor", "middle").attr("font-size", 10).attr("fill", "currentColor");
  node.append("title").text((d) => `${d.label ?? d.category}: ${d.sessions.toLocaleString("en-US")} sessions`);
  node.on("mouseenter", (_e, d) => {
    edge.attr("stroke-opacity", (l) => ((l.source as SimNode) === d || (l.target as SimNode) === d ? 0.7 : 0.06));
  }).on("mouseleave", () => edge.attr("stroke-opacity", 0.25));
  return svg.node()!;
}
