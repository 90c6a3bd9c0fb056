// Registers the result tables of every analysis with the headless CLI (imported for its effect).
import {ANALYSIS_RESULTS} from "./analysis.js";
import {registerResults} from "./results.js";

registerResults(...ANALYSIS_RESULTS);
