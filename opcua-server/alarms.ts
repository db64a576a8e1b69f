import {
  DataType,
  EventNotifierFlags,
  type ISessionContext,
  LocalizedText,
  NodeId,
  type StatusCode,
  StatusCodes,
  type UAAlarmConditionEx,
  type UAMethod,
  type UAObject,
  type UAObjectType,
  type Variant,
} from "node-opcua";
import type { AlarmAcknowledged, AlarmCleared, AlarmRaised } from "../sim/index";
import { allowed } from "./access";
import type { WorkshopContext } from "./context";
import { withSlashNodeIds } from "./ids";

/**
 * Makes `source` a condition source in the event hierarchy Server → area → source (HasNotifier,
 * HasEventSource), as Part 9 wants: clients subscribe to the Server, an area or the source itself.
 */
export function linkEventSource(server: UAObject, area: UAObject, source: UAObject): void {
  const notifier = EventNotifierFlags.SubscribeToEvents;
  if (area !== source && !server.findReferencesAsObject("HasNotifier", true).includes(area)) {
    server.addReference({ referenceType: "HasNotifier", nodeId: area.nodeId });
    area.setEventNotifier(notifier);
  }
  if (area === source) {
    server.addReference({ referenceType: "HasEventSource", nodeId: source.nodeId });
  } else {
    area.addReference({ referenceType: "HasEventSource", nodeId: source.nodeId });
  }
  source.setEventNotifier(notifier);
}

interface Live {
  cond: UAAlarmConditionEx;
  entity: string;
  code: string;
  severity: number;
  message: string;
  active: boolean;
}

/**
 * Machine and robot alarms as OPC UA AlarmConditionType instances (with ConfirmedState), one per
 * simulation alarm, under the machine that raised it (for CNC machines: Notification/Messages). A client
 * Acknowledge becomes the simulation's `acknowledgeAlarm` command first, and only acknowledges the
 * condition when the simulation accepts it. A condition goes away once it is inactive, acknowledged and
 * confirmed.
 */
export class AlarmBridge {
  private readonly live = new Map<string, Live>();
  private readonly byNode = new Map<string, string>();

  constructor(
    private readonly w: WorkshopContext,
    private readonly sourceOf: (entity: string) => UAObject,
  ) {}

  install(): void {
    this.w.addressSpace.installAlarmsAndConditionsService();
    this.w.addressSpace.addMethodCallInterceptor(this.intercept);
    for (const a of this.w.getSim().state.alarms.values()) {
      const raised: AlarmRaised = {
        type: "AlarmRaised",
        t: a.raisedT,
        alarm: a.id,
        entity: a.entity,
        code: a.code,
        severity: a.severity,
        message: a.message,
      };
      this.raised(raised);
      if (a.acked)
        this.acknowledged({ type: "AlarmAcknowledged", t: a.raisedT, alarm: a.id, entity: a.entity });
      if (!a.active) this.cleared({ type: "AlarmCleared", t: a.raisedT, alarm: a.id, entity: a.entity });
    }
  }

  dispose(): void {
    this.w.addressSpace.removeMethodCallInterceptor(this.intercept);
  }

  /** The condition of a simulation alarm id, while it exists. */
  condition(alarm: string): UAAlarmConditionEx | undefined {
    return this.live.get(alarm)?.cond;
  }

  get count(): number {
    return this.live.size;
  }

  raised(ev: AlarmRaised): void {
    if (this.live.has(ev.alarm)) return;
    const source = this.sourceOf(ev.entity);
    const cond = withSlashNodeIds(() =>
      this.w.app.instantiateAlarmCondition("AlarmConditionType", {
        browseName: { name: `Alarm ${ev.alarm}`, namespaceIndex: this.w.app.index },
        nodeId: `s=Alarms/${ev.alarm}`,
        componentOf: source,
        conditionSource: source,
        conditionName: ev.code,
        inputNode: NodeId.nullNodeId,
        optionals: ["ConfirmedState", "Confirm"],
      }),
    );
    // the simulation's entity id, not the node's browse name ("Messages" on a CNC machine)
    cond.getPropertyByName("SourceName")?.setValueFromSource({ dataType: DataType.String, value: ev.entity });
    this.live.set(ev.alarm, {
      cond,
      entity: ev.entity,
      code: ev.code,
      severity: ev.severity,
      message: ev.message,
      active: true,
    });
    this.byNode.set(cond.nodeId.toString(), ev.alarm);
    cond.activateAlarm();
    cond.currentBranch().setConfirmedStateIfExists(false);
    cond.raiseNewCondition({
      message: ev.message,
      severity: ev.severity,
      retain: true,
      quality: StatusCodes.Good,
      time: this.w.toWall(ev.t),
    });
    cond.on("confirmed", () => this.maybeRemove(ev.alarm));
  }

  cleared(ev: AlarmCleared): void {
    const l = this.live.get(ev.alarm);
    if (l === undefined || !l.active) return;
    l.active = false;
    const b = l.cond.currentBranch();
    l.cond.deactivateAlarm(true);
    l.cond.raiseNewCondition({
      message: `${l.message} (cleared)`,
      severity: l.severity,
      retain: !(b.getAckedState() && b.getConfirmedState()),
      quality: StatusCodes.Good,
      time: this.w.toWall(ev.t),
    });
    this.maybeRemove(ev.alarm);
  }

  /** An acknowledgement that happened in the simulation (ours arrive acknowledged already). */
  acknowledged(ev: AlarmAcknowledged): void {
    const l = this.live.get(ev.alarm);
    if (l === undefined) return;
    const b = l.cond.currentBranch();
    if (b.getAckedState()) return;
    // acknowledged elsewhere (viewer, another client of the simulation): nobody here will confirm it
    l.cond.acknowledgeAndAutoConfirmBranch(b, new LocalizedText({ text: ev.comment ?? "" }));
    this.maybeRemove(ev.alarm);
  }

  private maybeRemove(alarm: string): void {
    const l = this.live.get(alarm);
    if (l === undefined || l.active) return;
    const b = l.cond.currentBranch();
    if (!b.getAckedState() || !b.getConfirmedState()) return;
    this.live.delete(alarm);
    this.byNode.delete(l.cond.nodeId.toString());
    // the last event (retain false) has gone out; the node goes after the method that led here returns
    setImmediate(() => this.w.addressSpace.deleteNode(l.cond));
  }

  /** Acknowledge and Confirm of our conditions: operators only; Acknowledge goes to the simulation first. */
  private readonly intercept = async (
    context: ISessionContext,
    object: UAObject | UAObjectType | null,
    method: UAMethod,
    args: Variant[],
  ): Promise<StatusCode> => {
    if (object === null) return StatusCodes.Good;
    const alarm = this.byNode.get(object.nodeId.toString());
    if (alarm === undefined) return StatusCodes.Good;
    const name = method.browseName.name;
    if (name !== "Acknowledge" && name !== "Confirm") return StatusCodes.Good;
    if (!allowed(context, "operator")) return StatusCodes.BadUserAccessDenied;
    if (name === "Confirm") return StatusCodes.Good;
    if (this.live.get(alarm)?.cond.currentBranch().getAckedState())
      return StatusCodes.BadConditionBranchAlreadyAcked;
    const comment = (args[1]?.value as LocalizedText | null | undefined)?.text ?? undefined;
    return this.w.commands.submit({ type: "acknowledgeAlarm", alarm, ...(comment ? { comment } : {}) })
      .status;
  };
}
