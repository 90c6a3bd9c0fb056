export default function JsBarcode(element: SVGElement | HTMLCanvasElement | HTMLImageElement | string, data: string, options?: Record<string, unknown>): void;
