import type { LineContext } from "./context";
import type { MemberState, PoolState } from "./state";
import { memberArrived } from "./station";
import { sendMemberAway, startRepair } from "./station-faults";

/**
 * Operator pools and robots as shared resources. A station asks its pool for a member; the nearest free
 * member on shift walks over (distance / walking speed; a robot takes its transfer time) and attends
 * the operation. Requests are served in the order they were made. A member who is busy when the shift
 * ends finishes the job, then goes off shift.
 */

export function requestMember(
  ctx: LineContext,
  poolId: string,
  station: string,
  job: "work" | "repair",
): void {
  const pool = ctx.state.pools.get(poolId)!;
  const key = `${job}:${station}`;
  if (!pool.requests.includes(key)) pool.requests.push(key);
  dispatchPool(ctx, pool);
}

export function dispatchPool(ctx: LineContext, pool: PoolState): void {
  const def = ctx.topo.pools.get(pool.id)!;
  while (pool.requests.length > 0 && pool.onShift) {
    const key = pool.requests[0]!;
    const colon = key.indexOf(":");
    const job = key.slice(0, colon) as "work" | "repair";
    const station = key.slice(colon + 1);
    const at = ctx.topo.positions.get(station)!;
    let best: MemberState | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    for (const m of pool.members) {
      if (m.station !== null || !m.onShift) continue;
      const d = ctx.topo.distance(m.location, at);
      if (d < bestD) {
        best = m;
        bestD = d;
      }
    }
    if (best === null) return;
    pool.requests.shift();
    best.station = station;
    best.job = job;
    // the station knows its member from assignment on, so it never asks twice while they walk over
    const st = ctx.state.stations.get(station)!;
    if (job === "repair") st.repairMember = best.id;
    else st.member = best.id;
    const travelUs =
      def.kind === "robot"
        ? bestD > 1e-9
          ? def.transferUs
          : 0
        : Math.round((bestD / def.walkingSpeed) * 1e6);
    if (travelUs > 0) {
      ctx.emit({
        type: "OperatorStateChanged",
        t: ctx.now(),
        operator: best.id,
        pool: pool.id,
        state: "walking",
        station,
      });
    }
    ctx.schedule(ctx.now() + travelUs, "member.arrive", pool.id, pool.members.indexOf(best));
  }
}

export function onMemberArrive(ctx: LineContext, poolId: string, index: number): void {
  const pool = ctx.state.pools.get(poolId)!;
  const m = pool.members[index]!;
  const station = m.station;
  if (station === null) return;
  const pos = ctx.topo.positions.get(station)!;
  m.location = [pos[0], pos[1]];
  const st = ctx.state.stations.get(station)!;
  ctx.emit({
    type: "OperatorStateChanged",
    t: ctx.now(),
    operator: m.id,
    pool: poolId,
    state: m.job === "repair" ? "repairing" : "working",
    station,
  });
  if (m.job === "repair") {
    startRepair(ctx, st);
    return;
  }
  st.memberPresent = true;
  // the station broke down while the member was on the way: back to the pool, ask again later
  if (st.down !== null) return sendMemberAway(ctx, st);
  memberArrived(ctx, st);
}

/** The member is done at its station: back to the pool (or off shift if the shift has ended). */
export function releaseMember(ctx: LineContext, memberId: string): void {
  const [pool, m] = findMember(ctx, memberId);
  const station = m.station ?? undefined;
  m.station = null;
  m.job = null;
  if (!pool.onShift) m.onShift = false;
  ctx.emit({
    type: "OperatorStateChanged",
    t: ctx.now(),
    operator: m.id,
    pool: pool.id,
    state: m.onShift ? "idle" : "offShift",
    station,
  });
  dispatchPool(ctx, pool);
}

export function poolShiftChange(ctx: LineContext, pool: PoolState, on: boolean): void {
  pool.onShift = on;
  for (const m of pool.members) {
    if (on && !m.onShift) {
      m.onShift = true;
      ctx.emit({ type: "OperatorStateChanged", t: ctx.now(), operator: m.id, pool: pool.id, state: "idle" });
    } else if (!on && m.onShift && m.station === null) {
      m.onShift = false;
      ctx.emit({
        type: "OperatorStateChanged",
        t: ctx.now(),
        operator: m.id,
        pool: pool.id,
        state: "offShift",
      });
    }
  }
  if (on) dispatchPool(ctx, pool);
}

function findMember(ctx: LineContext, memberId: string): [PoolState, MemberState] {
  for (const pool of ctx.state.pools.values()) {
    for (const m of pool.members) if (m.id === memberId) return [pool, m];
  }
  throw new Error(`no pool member ${memberId}`);
}
