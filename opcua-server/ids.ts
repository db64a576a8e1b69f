import { NamespaceOptions } from "node-opcua";

/**
 * The application namespace of the twin. Every instance node lives in it, with a string NodeId made of
 * scenario ids and browse names joined by "/", so a restart of the same scenario gives the same NodeIds:
 * `ns=<app>;s=Machines/cnc1/Monitoring/Channel1/FeedOverride`.
 */
export const APP_NAMESPACE_URI = "urn:workshop-twin:shopfloor";

export const nodePath = {
  machine: (station: string) => `Machines/${station}`,
  robot: (robot: string) => `Robots/${robot}`,
  line: () => "Line",
  conveyor: (conveyor: string) => `Line/Conveyors/${conveyor}`,
  alarm: (alarm: string) => `Alarms/${alarm}`,
} as const;

/**
 * Runs `build` with node-opcua deriving child NodeIds as `<parent>/<BrowseName>` rather than
 * `<parent>-<BrowseName>`. The separator is a module-level setting of node-opcua, so it is put back
 * at once: instantiation is synchronous, nothing else can run in between.
 */
export function withSlashNodeIds<T>(build: () => T): T {
  const previous = NamespaceOptions.nodeIdNameSeparator;
  NamespaceOptions.nodeIdNameSeparator = "/";
  try {
    return build();
  } finally {
    NamespaceOptions.nodeIdNameSeparator = previous;
  }
}
