/**
 * What a cell displays in place of a control it does not offer this time. A cell that displays nothing
 * keeps its previous display on screen, so without this the last category's or horizon's control would
 * stay, live-looking but read by nothing.
 */
export function noControl(): HTMLElement {
  const span = document.createElement("span");
  span.hidden = true;
  span.className = "no-control";
  return span;
}
