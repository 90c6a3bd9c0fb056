// Inlined into every page's <head> (observablehq.config.ts). @observablehq/inputs labels only one input
// of a control: a range's slider and a radio or checkbox group get no accessible name, and a radio
// group is not grouped. Name them from the control's own label as they appear.
(() => {
  const fix = (form) => {
    fixTable(form);
    const label = form.querySelector(":scope > label");
    const text = label ? label.textContent.trim() : "";
    if (!text) return;
    const choices = form.querySelectorAll("input[type=radio], input[type=checkbox]");
    if (choices.length) {
      const group = form.querySelector(":scope > div") || form;
      if (!group.hasAttribute("role")) {
        group.setAttribute("role", form.querySelector("input[type=radio]") ? "radiogroup" : "group");
        group.setAttribute("aria-label", text);
      }
    }
    for (const input of form.querySelectorAll("input:not([type=radio]):not([type=checkbox]), select, textarea")) {
      const labelled = input.getAttribute("aria-label") || input.getAttribute("aria-labelledby") || (input.id && form.querySelector(`label[for="${CSS.escape(input.id)}"]`));
      if (!labelled) input.setAttribute("aria-label", input.type === "range" ? `${text} (slider)` : text);
    }
  };
  // a table's row checkboxes and a search box carry no label of their own
  const fixTable = (form) => {
    form.querySelectorAll("thead input[type=checkbox]").forEach((c) => c.setAttribute("aria-label", "select every row"));
    form.querySelectorAll("tbody input[type=checkbox]").forEach((c, i) => c.hasAttribute("aria-label") || c.setAttribute("aria-label", `select row ${i + 1}`));
    form.querySelectorAll("input[type=search]").forEach((c) => c.hasAttribute("aria-label") || c.setAttribute("aria-label", c.getAttribute("placeholder") || "search"));
  };
  const FORM = "form[class^='inputs-']";
  const scan = (root) => {
    if (!root.querySelectorAll) return;
    const around = root.closest ? root.closest(FORM) : null;
    if (around) fix(around);
    root.querySelectorAll(FORM).forEach(fix);
  };
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(scan))).observe(document, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", () => scan(document));
})();
