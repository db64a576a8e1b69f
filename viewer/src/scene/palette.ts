import { type StateName, stateTone } from "../../../protocol/index";

/**
 * Colours in the ISA-101 spirit: equipment is grey, and colour appears only where something needs
 * attention (amber: blocked; red: down or alarm). Running and idle differ by shade, not by hue.
 */
export const PALETTE = {
  sky: "#c9cdd1",
  floor: "#b8bcc0",
  floorLine: "#a7abaf",
  aisle: "#c3c7cb",
  body: "#9aa0a6",
  bodyDark: "#6c737a",
  bodyLight: "#c7cbcf",
  steel: "#8d949b",
  glass: "#aab8c2",
  belt: "#4a4f54",
  rail: "#7d848b",
  operator: "#5b6470",
  operatorHead: "#d9c3a5",
  maintenance: "#5d6b7d",
  selection: "#1f6fd1",
  /** state colours */
  normal: "#5f6a73",
  idle: "#b3b9bf",
  attention: "#d39a00",
  alarm: "#c62828",
  off: "#d8dbde",
} as const;

export function stateColour(s: StateName): string {
  switch (stateTone(s)) {
    case "normal":
      return PALETTE.normal;
    case "idle":
      return PALETTE.idle;
    case "attention":
      return PALETTE.attention;
    case "alarm":
      return PALETTE.alarm;
    case "off":
      return PALETTE.off;
  }
}

/** Human words for the legend and the inspector. */
export const STATE_LABEL: Record<StateName, string> = {
  busy: "Running",
  setup: "Setup",
  starved: "Idle (starved)",
  waiting: "Waiting for operator",
  blocked: "Blocked",
  down: "Down",
  offShift: "Off shift",
  stopped: "Stopped",
};
