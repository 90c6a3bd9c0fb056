// The member card's codes (CODE128 barcode, QR) and a camera scanner for them.
import JsBarcode from "../vendor/jsbarcode.js";
import jsQR from "../vendor/jsqr.js";
import {toString as qrSvg} from "../vendor/qrcode.js";
import {isCanonicalMemberId} from "../lib/store/member.js";
import {h, statusLine} from "./store-dom.js";

/** Barcode and QR code of a member id (digits only: checked again here, as the SVG text is parsed). */
export async function MemberCodes(id: string, {barcodeHeight = 56, qrSize = 120}: {barcodeHeight?: number; qrSize?: number} = {}): Promise<HTMLElement> {
  if (!isCanonicalMemberId(id)) throw new Error(`member codes need a canonical member id, got ${JSON.stringify(id)}`);
  const barcode = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  barcode.setAttribute("class", "store-barcode");
  barcode.setAttribute("role", "img");
  barcode.setAttribute("aria-label", `CODE128 barcode of member ${id}`);
  JsBarcode(barcode, id, {format: "CODE128", height: barcodeHeight, margin: 4, fontSize: 14, background: "#fff", lineColor: "#000"});
  const text = await qrSvg(id, {type: "svg", errorCorrectionLevel: "M", margin: 2, width: qrSize});
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const qr = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
  if (qr.nodeName !== "svg") throw new Error("the QR code library returned no SVG");
  qr.setAttribute("class", "store-qr");
  qr.setAttribute("role", "img");
  qr.setAttribute("aria-label", `QR code of member ${id}`);
  qr.setAttribute("width", String(qrSize));
  qr.setAttribute("height", String(qrSize));
  return h("div", {class: "store-codes"}, h("figure", {}, barcode, h("figcaption", {}, "Membership barcode (CODE128)")), h("figure", {}, qr, h("figcaption", {}, "QR code")));
}

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: {formats: string[]}): BarcodeDetectorLike;
  getSupportedFormats?(): Promise<string[]>;
}

/**
 * Scan a member card with the camera: BarcodeDetector (CODE128 and QR) where the browser has it,
 * else jsQR on video frames (QR only). No camera, no permission or no API: a message, never an error.
 */
export function CameraScanner({onCode}: {onCode: (text: string) => void}): HTMLElement & {stop(): void} {
  const video = h("video", {playsinline: true, muted: true, class: "store-video", hidden: true});
  const status = statusLine("scanner");
  const button = h("button", {type: "button", name: "scan"}, "Scan with camera (카메라 스캔)");
  const root = h("div", {class: "store-scanner"}, button, status, video) as unknown as HTMLElement & {stop(): void};
  let stream: MediaStream | null = null;
  let frame = 0;
  let running = false;

  const stop = () => {
    running = false;
    cancelAnimationFrame(frame);
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.hidden = true;
    button.textContent = "Scan with camera (카메라 스캔)";
  };
  root.stop = stop;

  async function detector(): Promise<{detect: (v: HTMLVideoElement) => Promise<string | null>; how: string}> {
    const BD = (globalThis as unknown as {BarcodeDetector?: BarcodeDetectorClass}).BarcodeDetector;
    if (BD) {
      const supported = (await BD.getSupportedFormats?.()) ?? [];
      const formats = ["code_128", "qr_code"].filter((f) => supported.includes(f));
      if (formats.length) {
        const d = new BD({formats});
        return {how: `BarcodeDetector (${formats.join(", ")})`, detect: async (v) => (await d.detect(v))[0]?.rawValue ?? null};
      }
    }
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", {willReadFrequently: true});
    if (!ctx) throw new Error("no 2D canvas to read video frames");
    return {
      how: "jsQR (QR codes only)",
      detect: async (v) => {
        if (!v.videoWidth) return null;
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        ctx.drawImage(v, 0, 0);
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
        return jsQR(img.data, img.width, img.height, {inversionAttempts: "dontInvert"})?.data ?? null;
      }
    };
  }

  async function start() {
    if (!navigator.mediaDevices?.getUserMedia) {
      status.say("No camera access in this browser (it needs a secure page: https or localhost). Type the member id instead.", "info");
      return;
    }
    status.say("Asking for the camera…");
    try {
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false});
    } catch (e) {
      const name = (e as DOMException).name;
      status.say(
        name === "NotAllowedError" || name === "SecurityError"
          ? "Camera permission was refused. Type the member id instead."
          : name === "NotFoundError" || name === "OverconstrainedError"
            ? "No camera found on this device. Type the member id instead."
            : `The camera could not start (${name || "unknown reason"}). Type the member id instead.`,
        "info"
      );
      return;
    }
    let found: Awaited<ReturnType<typeof detector>>;
    try {
      found = await detector();
    } catch (e) {
      stop();
      status.say(`No barcode reader available here (${(e as Error).message}). Type the member id instead.`, "info");
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    running = true;
    button.textContent = "Stop camera";
    status.say(`Point the camera at the member card… (${found.how})`);
    const tick = async () => {
      if (!running) return;
      const text = await found.detect(video).catch(() => null);
      if (text !== null && running) {
        stop();
        status.say("Scanned.", "ok");
        onCode(text);
        return;
      }
      frame = requestAnimationFrame(() => void tick());
    };
    void tick();
  }

  button.addEventListener("click", () => (running ? stop() : void start()));
  return root;
}
