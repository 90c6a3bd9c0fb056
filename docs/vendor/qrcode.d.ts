export {toString, toCanvas, toDataURL} from "qrcode";
