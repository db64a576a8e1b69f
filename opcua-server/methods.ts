import {
  type CallMethodResultOptions,
  DataType,
  type ISessionContext,
  type StatusCode,
  StatusCodes,
  type UAMethod,
  type UAObject,
  Variant,
  type VariantLike,
} from "node-opcua";
import { allowed, type Level } from "./access";
import type { WorkshopContext } from "./context";

export interface MethodArg {
  name: string;
  dataType: DataType;
  description?: string;
}

export interface MethodSpec {
  name: string;
  description: string;
  level: Level;
  inputs?: MethodArg[];
  outputs?: MethodArg[];
  /** runs the method; `args` are the input values in order */
  run(args: unknown[]): { status: StatusCode; outputs?: VariantLike[] };
}

/** Adds a method in the app namespace to `parent`, with its role check and typed arguments. */
export function addMethod(w: WorkshopContext, parent: UAObject, spec: MethodSpec): UAMethod {
  const m = w.app.addMethod(parent, {
    browseName: { name: spec.name, namespaceIndex: w.app.index },
    description: spec.description,
    inputArguments: (spec.inputs ?? []).map((a) => ({
      name: a.name,
      dataType: a.dataType,
      description: a.description ?? "",
    })),
    outputArguments: (spec.outputs ?? []).map((a) => ({
      name: a.name,
      dataType: a.dataType,
      description: a.description ?? "",
    })),
  });
  bindChecked(m, spec.level, spec.inputs ?? [], spec.run);
  return m;
}

/** Binds a method (ours or a companion one) with a role check and input type checks. */
export function bindChecked(m: UAMethod, level: Level, inputs: MethodArg[], run: MethodSpec["run"]): void {
  m.bindMethod(
    async (inputArguments: Variant[], context: ISessionContext): Promise<CallMethodResultOptions> => {
      if (!allowed(context, level)) return { statusCode: StatusCodes.BadUserAccessDenied };
      const args: unknown[] = [];
      for (let i = 0; i < inputs.length; i++) {
        const v = inputArguments[i];
        if (v === undefined) return { statusCode: StatusCodes.BadArgumentsMissing };
        args.push(v.value);
      }
      const r = run(args);
      return { statusCode: r.status, outputArguments: (r.outputs ?? []).map((o) => new Variant(o as never)) };
    },
  );
}

/** A method result from a simulation outcome. */
export function outcome(status: StatusCode): { status: StatusCode } {
  return { status };
}

export const ARG = {
  string: (name: string, description?: string): MethodArg => ({
    name,
    dataType: DataType.String,
    ...(description ? { description } : {}),
  }),
  double: (name: string, description?: string): MethodArg => ({
    name,
    dataType: DataType.Double,
    ...(description ? { description } : {}),
  }),
};
