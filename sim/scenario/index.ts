export { formatIssue, SCENARIO_ERRORS, ScenarioError, type ScenarioIssue } from "./errors";
export { scenarioJsonSchema } from "./json-schema";
export type { Location } from "./located-yaml";
export { parseScenario, type ScenarioLoader } from "./parse";
export * from "./schema";
export { parseQuantity, type QuantityKind } from "./units";
