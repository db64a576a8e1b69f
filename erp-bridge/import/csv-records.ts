import type { BomLine, Product, RoutingOperation, WorkOrderInput } from "../domain/types";
import { importError } from "../errors";
import type { CsvCell, CsvTable } from "./csv";

/**
 * The CSV layouts the bridge imports (header names are case-insensitive, columns in any order):
 * - products:    partNumber, revision, description
 * - routings:    partNumber, revision, seq, name, stationType | station, standardTimeS, programKind, program
 * - bom:         partNumber, revision, position, component, quantity, unit
 * - work-orders: number, partNumber, revision, quantity, dueDate, priority
 */
export type CsvKind = "products" | "routings" | "bom" | "work-orders";

const COLUMNS: Record<CsvKind, { required: string[]; optional: string[] }> = {
  products: { required: ["partnumber", "revision"], optional: ["description"] },
  routings: {
    required: ["partnumber", "revision", "seq", "name", "standardtimes"],
    optional: ["stationtype", "station", "programkind", "program"],
  },
  bom: { required: ["partnumber", "revision", "position", "component", "quantity"], optional: ["unit"] },
  "work-orders": {
    required: ["number", "partnumber", "quantity"],
    optional: ["revision", "duedate", "priority"],
  },
};

export const CSV_KINDS = Object.keys(COLUMNS) as CsvKind[];

/** A record with the file position of each of its fields, to turn a field error into `file:line:col`. */
export interface Located<T> {
  value: T;
  line: number;
  /** where each field (by its domain name) sits */
  cells: Record<string, CsvCell>;
}

/** Reads the cells of one row by column name; numbers must be numbers, not "12 pcs". */
class RowReader {
  constructor(
    private readonly table: CsvTable,
    private readonly row: CsvCell[],
    private readonly fileName: string,
  ) {}

  cell(column: string): CsvCell | undefined {
    const i = this.table.header.indexOf(column);
    return i < 0 ? undefined : this.row[i];
  }

  text(column: string): string | undefined {
    const v = this.cell(column)?.value.trim();
    return v === undefined || v === "" ? undefined : v;
  }

  required(column: string, name: string): string {
    const v = this.text(column);
    if (v === undefined) throw this.error(column, `${name} is required`);
    return v;
  }

  number(column: string, name: string): number | undefined {
    const v = this.text(column);
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) {
      throw this.error(column, `${name} must be a number, found "${v}"`);
    }
    return x;
  }

  requiredNumber(column: string, name: string): number {
    const v = this.number(column, name);
    if (v === undefined) throw this.error(column, `${name} is required`);
    return v;
  }

  error(column: string, reason: string) {
    const c = this.cell(column) ?? this.row[0];
    return importError(`${this.fileName}:${c?.line ?? 0}:${c?.col ?? 0}`, reason);
  }
}

function checkHeader(table: CsvTable, kind: CsvKind, fileName: string): void {
  const { required, optional } = COLUMNS[kind];
  table.header.forEach((name, i) => {
    if (!required.includes(name) && !optional.includes(name)) {
      const c = table.headerCells[i]!;
      throw importError(
        `${fileName}:${c.line}:${c.col}`,
        `unknown column "${c.value}" for a ${kind} file (columns: ${[...required, ...optional].join(", ")})`,
      );
    }
  });
  for (const name of required) {
    if (!table.header.includes(name)) {
      throw importError(`${fileName}:1:1`, `a ${kind} file needs the column ${name}`);
    }
  }
}

function cellsOf(r: RowReader, names: Record<string, string>): Record<string, CsvCell> {
  const out: Record<string, CsvCell> = {};
  for (const [field, column] of Object.entries(names)) {
    const c = r.cell(column);
    if (c !== undefined) out[field] = c;
  }
  return out;
}

export function productRecords(table: CsvTable, fileName: string): Located<Product>[] {
  checkHeader(table, "products", fileName);
  return table.rows.map((row) => {
    const r = new RowReader(table, row, fileName);
    return {
      line: row[0]!.line,
      value: {
        partNumber: r.required("partnumber", "partNumber"),
        revision: r.required("revision", "revision"),
        description: r.cell("description")?.value.trim() ?? "",
      },
      cells: cellsOf(r, { partNumber: "partnumber", revision: "revision", description: "description" }),
    };
  });
}

export interface RoutingRecord {
  partNumber: string;
  revision: string;
  operation: RoutingOperation;
}

export function routingRecords(table: CsvTable, fileName: string): Located<RoutingRecord>[] {
  checkHeader(table, "routings", fileName);
  return table.rows.map((row) => {
    const r = new RowReader(table, row, fileName);
    const operation: RoutingOperation = {
      seq: r.requiredNumber("seq", "seq"),
      name: r.required("name", "name"),
      standardTimeS: r.requiredNumber("standardtimes", "standardTimeS"),
    };
    const stationType = r.text("stationtype");
    const station = r.text("station");
    if (stationType !== undefined) operation.stationType = stationType;
    if (station !== undefined) operation.station = station;
    const kind = r.text("programkind");
    const program = r.text("program");
    if (kind !== undefined || program !== undefined) {
      if (kind === undefined)
        throw r.error("programkind", "programKind (nc or robot) is required with a program");
      if (program === undefined) throw r.error("program", "program is required with a programKind");
      operation.program = { kind: kind as "nc" | "robot", ref: program };
    }
    return {
      line: row[0]!.line,
      value: {
        partNumber: r.required("partnumber", "partNumber"),
        revision: r.required("revision", "revision"),
        operation,
      },
      cells: cellsOf(r, {
        partNumber: "partnumber",
        revision: "revision",
        seq: "seq",
        name: "name",
        stationType: "stationtype",
        station: "station",
        standardTimeS: "standardtimes",
        "program.kind": "programkind",
        "program.ref": "program",
      }),
    };
  });
}

export interface BomRecord {
  partNumber: string;
  revision: string;
  line: BomLine;
}

export function bomRecords(table: CsvTable, fileName: string): Located<BomRecord>[] {
  checkHeader(table, "bom", fileName);
  return table.rows.map((row) => {
    const r = new RowReader(table, row, fileName);
    return {
      line: row[0]!.line,
      value: {
        partNumber: r.required("partnumber", "partNumber"),
        revision: r.required("revision", "revision"),
        line: {
          position: r.requiredNumber("position", "position"),
          component: r.required("component", "component"),
          quantity: r.requiredNumber("quantity", "quantity"),
          unit: r.text("unit") ?? "ea",
        },
      },
      cells: cellsOf(r, {
        partNumber: "partnumber",
        revision: "revision",
        position: "position",
        component: "component",
        quantity: "quantity",
        unit: "unit",
      }),
    };
  });
}

export function workOrderRecords(table: CsvTable, fileName: string): Located<WorkOrderInput>[] {
  checkHeader(table, "work-orders", fileName);
  return table.rows.map((row) => {
    const r = new RowReader(table, row, fileName);
    const w: WorkOrderInput = {
      number: r.required("number", "number"),
      partNumber: r.required("partnumber", "partNumber"),
      quantity: r.requiredNumber("quantity", "quantity"),
    };
    const revision = r.text("revision");
    const dueDate = r.text("duedate");
    const priority = r.number("priority", "priority");
    if (revision !== undefined) w.revision = revision;
    if (dueDate !== undefined) w.dueDate = dueDate;
    if (priority !== undefined) w.priority = priority;
    return {
      line: row[0]!.line,
      value: w,
      cells: cellsOf(r, {
        number: "number",
        partNumber: "partnumber",
        revision: "revision",
        quantity: "quantity",
        dueDate: "duedate",
        priority: "priority",
      }),
    };
  });
}
