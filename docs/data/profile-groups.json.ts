// Reference means of the behaviour bits: each age×gender group's average over all its purchase lines,
// and the average over every line ("all": customers outside the main groups and non-members).
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {SEGMENT_GROUPS_SQL, segmentParams} from "../../src/segment/index.js";
import {bindQuery} from "../../src/value/bind.js";

const {duck, info} = await openWarehouse({log});
// the default rule's means, from the sums behind the customer table's types
const {groupMeans} = await sharedCustomerTable(duck, info.path);
const g = bindQuery(SEGMENT_GROUPS_SQL, segmentParams());
const groups = await duck.query<{group: string; main: boolean}>(g.sql, g.params);
emitJson({main: groups.filter((x) => x.main).map((x) => x.group), means: groupMeans});
duck.close();
