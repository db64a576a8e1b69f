import {
  AccessLevelFlag,
  type DataValue,
  type ISessionContext,
  type Namespace,
  PermissionType,
  type RolePermissionTypeOptions,
  resolveNodeId,
  type StatusCode,
  StatusCodes,
  type UAVariable,
  WellKnownRoles,
} from "node-opcua";
import { OpcUaConfigError } from "./errors";

/**
 * Who may do what. Anonymous sessions (when allowed) and viewers browse, read and subscribe; operators
 * also write the writable values and call the methods; admins also call the admin-only methods (fault
 * injection). A denied write or call answers BadUserAccessDenied.
 */

export type Role = "viewer" | "operator" | "admin";

export interface UserConfig {
  username: string;
  password: string;
  role: Role;
}

const ROLE_IDS: Record<Role, WellKnownRoles[]> = {
  viewer: [WellKnownRoles.AuthenticatedUser, WellKnownRoles.Observer],
  operator: [WellKnownRoles.AuthenticatedUser, WellKnownRoles.Operator],
  admin: [
    WellKnownRoles.AuthenticatedUser,
    WellKnownRoles.Operator,
    WellKnownRoles.Engineer,
    WellKnownRoles.Supervisor,
    WellKnownRoles.ConfigureAdmin,
    WellKnownRoles.SecurityAdmin,
  ],
};

export function checkUsers(users: readonly UserConfig[]): void {
  const seen = new Set<string>();
  users.forEach((u, i) => {
    if (typeof u.username !== "string" || u.username === "")
      throw new OpcUaConfigError("OPCUA_ERR_USER", `users[${i}].username`);
    if (typeof u.password !== "string" || u.password === "")
      throw new OpcUaConfigError("OPCUA_ERR_USER", `users[${i}].password`);
    if (!(u.role in ROLE_IDS))
      throw new OpcUaConfigError("OPCUA_ERR_USER", `users[${i}].role`, `got "${String(u.role)}"`);
    if (seen.has(u.username))
      throw new OpcUaConfigError("OPCUA_ERR_DUPLICATE_USER", `users[${i}].username`, u.username);
    seen.add(u.username);
  });
}

/** The node-opcua user manager for a list of users: password check and well-known roles. */
export function userManager(users: readonly UserConfig[]) {
  const byName = new Map(users.map((u) => [u.username, u]));
  return {
    isValidUser: (username: string, password: string) => byName.get(username)?.password === password,
    getUserRoles: (username: string) => {
      const u = byName.get(username);
      return u === undefined ? [] : ROLE_IDS[u.role].map((r) => resolveNodeId(makeRoleId(r)));
    },
  };
}

function makeRoleId(r: WellKnownRoles): string {
  return `ns=0;i=${r}`;
}

const READ =
  PermissionType.Browse |
  PermissionType.ReadRolePermissions |
  PermissionType.Read |
  PermissionType.ReceiveEvents;
const OPERATE = READ | PermissionType.Write | PermissionType.Call;

/** Default permissions of the app namespace: everyone reads; operators and admins write and call. */
export function applyNamespacePermissions(ns: Namespace): void {
  const perms: RolePermissionTypeOptions[] = [
    { roleId: makeRoleId(WellKnownRoles.Anonymous), permissions: READ },
    { roleId: makeRoleId(WellKnownRoles.AuthenticatedUser), permissions: READ },
    { roleId: makeRoleId(WellKnownRoles.Observer), permissions: READ },
    { roleId: makeRoleId(WellKnownRoles.Operator), permissions: OPERATE },
    { roleId: makeRoleId(WellKnownRoles.ConfigureAdmin), permissions: OPERATE },
  ];
  ns.setDefaultRolePermissions(perms);
}

export type Level = "operator" | "admin";

/** Whether the session behind `context` may act at `level`. In-process callers (no session) may. */
export function allowed(context: ISessionContext | null | undefined, level: Level): boolean {
  if (context === null || context === undefined || context.session === undefined || context.session === null)
    return true;
  const roles = context.getCurrentUserRoles().map((r) => r.toString());
  const has = (r: WellKnownRoles) => roles.includes(makeRoleId(r)) || roles.includes(`i=${r}`);
  if (level === "admin") return has(WellKnownRoles.ConfigureAdmin);
  return has(WellKnownRoles.Operator) || has(WellKnownRoles.ConfigureAdmin);
}

export interface WriteHandler {
  /** validates the written value: Good, BadOutOfRange, BadTypeMismatch… */
  check(value: unknown): StatusCode;
  /** turns the value into a simulation command; Good when the simulation took it */
  apply(value: unknown): StatusCode;
}

type WriteCallback = (err: Error | null, statusCode?: StatusCode) => void;

/**
 * Makes `v` writable by operators, with the write going to the simulation. node-opcua stores the
 * client's value even when a bound setter refuses it, so the variable's `writeValue` is replaced:
 * a refused write (BadUserAccessDenied, BadOutOfRange, BadNotImplemented, …) changes nothing, and an
 * accepted one shows the new value at once (the next publication confirms it from the simulation).
 */
export function makeWritable(v: UAVariable, handler: WriteHandler): void {
  const rw = AccessLevelFlag.CurrentRead | AccessLevelFlag.CurrentWrite;
  v.accessLevel = rw;
  v.userAccessLevel = rw;
  const write = (context: ISessionContext, dataValue: DataValue, ...rest: unknown[]) => {
    const callback = rest[rest.length - 1] as WriteCallback | undefined;
    const done = (s: StatusCode) => {
      callback?.(null, s);
    };
    if (!allowed(context, "operator")) return done(StatusCodes.BadUserAccessDenied);
    const value = dataValue.value?.value;
    const checked = handler.check(value);
    if (checked.isNotGood()) return done(checked);
    const applied = handler.apply(value);
    if (applied.isGood()) v.setValueFromSource(dataValue.value);
    return done(applied);
  };
  (v as unknown as { writeValue: typeof write }).writeValue = write;
}
