/**
 * The node tree of a parsed template, one type per client-go `util/jsonpath` node.
 * Every node records `pos`, its offset in the template, so execution errors can point at it.
 */

/** A sequence evaluated left to right; each `{…}` action is one. */
export interface ListNode {
  readonly type: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

/** Literal text, outside actions or quoted inside one. */
export interface TextNode {
  readonly type: 'text';
  readonly pos: number;
  readonly text: string;
}

/** `.name` (backslashes already removed). */
export interface FieldNode {
  readonly type: 'field';
  readonly pos: number;
  readonly name: string;
}

/** One slice bound as client-go keeps it. */
export interface SliceParam {
  readonly value: number;
  readonly known: boolean;
  /** The end bound `start+1` implied by a plain index such as `[-1]`. */
  readonly derived: boolean;
}

/** `[i]`, `[a:b:c]`, `[*]`. */
export interface ArrayNode {
  readonly type: 'array';
  readonly pos: number;
  readonly params: readonly [SliceParam, SliceParam, SliceParam];
}

/** `[?(left OP right)]`, or `[?(left)]` with operator `exists`. */
export interface FilterNode {
  readonly type: 'filter';
  readonly pos: number;
  readonly left: ListNode;
  readonly right: ListNode;
  readonly operator: string;
}

/** Number literals: Go `int` when `strconv.Atoi` accepts them, else `float64`. */
export interface NumberNode {
  readonly type: 'int' | 'float';
  readonly pos: number;
  readonly value: number;
}

/** `true` / `false`. */
export interface BoolNode {
  readonly type: 'bool';
  readonly pos: number;
  readonly value: boolean;
}

/** `*` after a dot. */
export interface WildcardNode {
  readonly type: 'wildcard';
  readonly pos: number;
}

/** `..` */
export interface RecursiveNode {
  readonly type: 'recursive';
  readonly pos: number;
}

/** `[a,b]`: each branch is evaluated against the same input. */
export interface UnionNode {
  readonly type: 'union';
  readonly pos: number;
  readonly branches: ListNode[];
}

/** Bare words: `range`, `end`; anything else fails at execution, as in client-go. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: number;
  readonly name: string;
}

/** Any template node. */
export type Node =
  | ListNode
  | TextNode
  | FieldNode
  | ArrayNode
  | FilterNode
  | NumberNode
  | BoolNode
  | WildcardNode
  | RecursiveNode
  | UnionNode
  | IdentifierNode;
