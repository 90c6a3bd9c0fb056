// Registers the result tables of every analysis with the headless CLI (imported for its effect).
export {};
