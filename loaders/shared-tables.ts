// Build every table set the loaders share (loaders/shared.ts) for the current warehouse. The build's
// loader runner (scripts/run-loaders.mjs) starts this before the loaders that read them, so none of
// those holds a slot waiting on the lock while another builds.
import {sharedCustomerTable} from "./customers.js";
import {log} from "./emit.js";
import {openWarehouse} from "./warehouse.js";

const {duck, info} = await openWarehouse({log});
try {
  await sharedCustomerTable(duck, info.path);
} finally {
  duck.close();
}
