/**
 * Syntax tree of the Structured Text subset, as produced by `parseSt`. Plain data with 1-based
 * positions; names keep the author's spelling (lookups are case-insensitive).
 */
import type { Pos } from "./errors";

/** Elementary types of the subset. TIME values are µs. */
export type ElemType = "BOOL" | "INT" | "DINT" | "REAL" | "TIME";

export type BinaryOp =
  | "**"
  | "*"
  | "/"
  | "MOD"
  | "+"
  | "-"
  | "<"
  | ">"
  | "<="
  | ">="
  | "="
  | "<>"
  | "AND"
  | "XOR"
  | "OR";

export type Expr =
  | { k: "bool"; value: boolean; pos: Pos }
  | { k: "int"; value: number; pos: Pos }
  | { k: "real"; value: number; pos: Pos }
  /** value in µs */
  | { k: "time"; value: number; pos: Pos }
  | { k: "name"; name: string; pos: Pos }
  | { k: "member"; obj: string; member: string; pos: Pos; memberPos: Pos }
  | { k: "unary"; op: "-" | "+" | "NOT"; arg: Expr; pos: Pos }
  | { k: "binary"; op: BinaryOp; left: Expr; right: Expr; pos: Pos }
  | { k: "call"; name: string; args: Expr[]; pos: Pos };

export type LValue =
  | { k: "name"; name: string; pos: Pos }
  | { k: "member"; obj: string; member: string; pos: Pos; memberPos: Pos };

export interface CallArg {
  name: string;
  /** `=>`: the block's output is copied to `value` (an lvalue) after the call */
  output: boolean;
  value: Expr;
  pos: Pos;
}

export interface CaseLabel {
  lo: number;
  hi: number;
  pos: Pos;
}

export type Stmt =
  | { k: "assign"; target: LValue; value: Expr; pos: Pos }
  | { k: "fbcall"; inst: string; args: CallArg[]; pos: Pos }
  | { k: "if"; branches: { cond: Expr; body: Stmt[] }[]; otherwise: Stmt[] | null; pos: Pos }
  | {
      k: "case";
      selector: Expr;
      arms: { labels: CaseLabel[]; body: Stmt[] }[];
      otherwise: Stmt[] | null;
      pos: Pos;
    }
  | { k: "for"; variable: string; varPos: Pos; from: Expr; to: Expr; by: Expr | null; body: Stmt[]; pos: Pos }
  | { k: "while"; cond: Expr; body: Stmt[]; pos: Pos }
  | { k: "repeat"; body: Stmt[]; until: Expr; pos: Pos }
  | { k: "exit"; pos: Pos }
  | { k: "return"; pos: Pos };

export type VarSection = "VAR" | "VAR_INPUT" | "VAR_OUTPUT" | "VAR_IN_OUT";

export interface VarDecl {
  name: string;
  /** elementary type or function block type name, as written */
  typeName: string;
  init: Expr | null;
  section: VarSection;
  constant: boolean;
  pos: Pos;
  typePos: Pos;
}

export interface Pou {
  kind: "PROGRAM" | "FUNCTION_BLOCK";
  name: string;
  vars: VarDecl[];
  body: Stmt[];
  pos: Pos;
}

export interface StSource {
  pous: Pou[];
}
