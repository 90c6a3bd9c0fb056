export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
