// Call sites for free (docs/call-sites.md): the scenario bundle is rewritten once, at bundle time,
// so that every call and `new` in it tells the runtime which call it is before it happens, and the
// runtime pays a stack capture only the first time it meets each call (then a table look-up).
//
// Why this shape: esbuild has no AST transform API, and the TypeScript compiler is not shipped at
// run time, so the bundle esbuild already wrote (plain JavaScript, one file) is parsed with acorn
// and text is inserted at node boundaries; no newline is inserted, so lines stay, and the source
// map's columns are shifted to match (./map-shift.ts). A per-call-site cache keyed by anything
// V8 hands out cheaply does not exist: the caller of a function cannot be seen without a stack walk.
//
// The protocol, in the bundle (the helpers are appended to it):
// - `__ilS(id, v)` sets the worker's site register to `id` and returns `v`: it wraps a call's last
//   argument (so nested calls in the arguments have finished), or the receiver of a call without
//   arguments, or is spread as `...__ilZ(id)` where neither fits;
// - `__ilE(v)` clears the register once the call (or `new`, `await`, `yield`) has finished;
// - `__ilC()` clears it on entry to every function, catch and finally block.
// So the register is non-zero only between a call's last argument and its return, outside any
// bundle function that call entered: an operation that finds it non-zero was called (perhaps
// through built-ins) by exactly that call, whose frame is the innermost in the bundle — the frame
// the stack capture picks. A field access (`counter.n`, `counter.n = v`: a `shared` record's
// traps are operations) is marked the same way, around its object or its value. Everything else
// (a destructuring, a runtime call after running a user callback) finds it zero and falls back to
// the stack capture.
import { parse, type Node } from 'acorn';
import { SITE_REGISTER } from '../worker/protocol';

interface Insert {
  pos: number;
  text: string;
  /** 0 closes, 1 a statement, 2 opens: at one position, closes come before opens. */
  kind: 0 | 1 | 2;
  depth: number;
}

type AnyNode = Node & Record<string, unknown>;

const HELPERS =
  `\nfunction __ilS(i, v) { __ilR.s = i; return v; }` +
  `\nfunction __ilZ(i) { __ilR.s = i; return __ilNone; }` +
  `\nfunction __ilE(v) { __ilR.s = 0; return v; }` +
  `\nfunction __ilC() { __ilR.s = 0; }\n`;
const PROLOGUE = `var __ilR = globalThis[Symbol.for(${JSON.stringify(SITE_REGISTER)})] || { s: 0 }, __ilNone = Object.freeze([]); `;

export interface MarkedBundle {
  js: string;
  /** Where each insertion went: [position in the original text, inserted length], in order. */
  inserts: [number, number][];
  /** How many calls carry a site id (ids are 1..calls). */
  calls: number;
}

/** Rewrites bundle `js` (esbuild's CommonJS output) with site marks; see the protocol above. */
export function markSites(js: string): MarkedBundle {
  const program = parse(js, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    preserveParens: true,
    allowHashBang: true,
    allowReturnOutsideFunction: true,
  }) as unknown as AnyNode;
  const inserts: Insert[] = [];
  let calls = 0;
  const add = (pos: number, text: string, kind: 0 | 1 | 2, depth: number) => inserts.push({ pos, text, kind, depth });
  const wrap = (n: Node, open: string, close: string, depth: number) => {
    add(n.start, open, 2, depth);
    add(n.end, close, 0, depth);
  };
  const atEntry = (body: AnyNode, depth: number) => {
    const stmts = body.body as AnyNode[];
    let pos = body.start + 1;
    for (const s of stmts) if (typeof s.directive === 'string') pos = s.end;
    add(pos, '__ilC();', 1, depth);
  };

  /** Marks a call or `new`: its site id goes into the register right before it happens. */
  const markCall = (n: AnyNode, depth: number, inChain: boolean) => {
    const callee = n.callee as AnyNode;
    const args = n.arguments as AnyNode[];
    if (callee.type === 'Identifier' && (callee as { name?: string }).name === 'eval') return false;
    const id = ++calls;
    const set = depth + 0.5;
    if (args.length > 0) {
      const last = args[args.length - 1];
      wrap(last.type === 'SpreadElement' ? (last.argument as AnyNode) : last, `__ilS(${id}, `, ')', set);
    } else if (
      n.type === 'CallExpression' &&
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      !callee.optional &&
      !n.optional &&
      !inChain &&
      (callee.object as AnyNode).type !== 'Super'
    ) {
      // The receiver, evaluated just before the method is looked up and called; V8 still places the call at the method's name.
      wrap(callee.object as AnyNode, `__ilS(${id}, `, ')', set);
    } else if (js.slice(callee.end, n.end).includes('(')) {
      add(n.end - 1, `...__ilZ(${id})`, 1, set);
    } else {
      add(n.end, `(...__ilZ(${id}))`, 1, set); // `new X` without parentheses
    }
    return true;
  };

  /** Member expressions that are references, not reads (callees, targets, `delete` operands): never wrapped. */
  const notRead = new WeakSet<Node>();
  const inner = (n: AnyNode): AnyNode => (n.type === 'ParenthesizedExpression' ? inner(n.expression as AnyNode) : n);
  const reference = (n: AnyNode | null | undefined) => {
    if (n) notRead.add(inner(n));
  };
  /** `n` and the objects it is a field of (`a.b.c`, `a.b`): none marked. */
  const referenceChain = (n: AnyNode) => {
    for (let t = inner(n); t.type === 'MemberExpression'; t = inner(t.object as AnyNode)) notRead.add(t);
  };
  /** A field that may be a `shared` record's: `a.b` with a plain name, on anything but `super`. */
  const isField = (n: AnyNode) =>
    n.type === 'MemberExpression' && !n.computed && !n.optional && (n.property as AnyNode).type === 'Identifier' && (n.object as AnyNode).type !== 'Super';
  /**
   * Sets the register to a new id once `n` (a value, or the object of a field access) is evaluated.
   * An object goes in parentheses: V8 then places the access at the field's name, as unmarked.
   */
  const mark = (n: AnyNode, depth: number, object = false) => wrap(n, `${object ? '(' : ''}__ilS(${++calls}, `, object ? '))' : ')', depth + 0.5);

  const visit = (n: AnyNode, depth: number, inChain: boolean): void => {
    switch (n.type) {
      case 'MemberExpression':
        // A field read (a `shared` record's get trap): the register names it while the get runs.
        if (!inChain && !notRead.has(n) && isField(n)) {
          wrap(n, '__ilE(', ')', depth);
          mark(n.object as AnyNode, depth, true);
        }
        break;
      case 'AssignmentExpression': {
        const left = inner(n.left as AnyNode);
        reference(left);
        if (isField(left)) {
          // `a.b = v` sets once v is evaluated; `a.b += v` reads first (its own id), then sets.
          wrap(n, '__ilE(', ')', depth);
          if (n.operator !== '=') mark(left.object as AnyNode, depth, true);
          mark(n.right as AnyNode, depth);
        }
        break;
      }
      case 'UpdateExpression': {
        // `a.b++` reads and writes under one mark (the runtime keeps a write's site apart from a
        // read's); the target's object chain stays unmarked, as V8 places the two by it.
        const arg = inner(n.argument as AnyNode);
        referenceChain(arg);
        // A prefix one (`++a.b`) and a longer chain (`a.b.c++`) V8 places by the operand's object: stack capture there.
        if (!n.prefix && isField(arg) && ['Identifier', 'ThisExpression'].includes((arg.object as AnyNode).type)) {
          wrap(n, '__ilE(', ')', depth);
          mark(arg.object as AnyNode, depth, true);
        }
        break;
      }
      case 'UnaryExpression':
        if (n.operator === 'delete') reference(n.argument as AnyNode);
        break;
      case 'TaggedTemplateExpression':
        reference(n.tag as AnyNode);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        reference(n.left as AnyNode);
        break;
      case 'ArrayPattern':
        for (const e of n.elements as (AnyNode | null)[]) reference(e);
        break;
      case 'ObjectPattern':
        for (const p of n.properties as AnyNode[]) reference(p.type === 'RestElement' ? (p.argument as AnyNode) : (p.value as AnyNode));
        break;
      case 'AssignmentPattern':
      case 'RestElement':
        reference((n.left ?? n.argument) as AnyNode);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const body = n.body as AnyNode;
        if (body.type === 'BlockStatement') atEntry(body, depth);
        else wrap(body, '(__ilC(), ', ')', depth);
        break;
      }
      case 'CatchClause':
        atEntry(n.body as AnyNode, depth);
        break;
      case 'TryStatement':
        if (n.finalizer) atEntry(n.finalizer as AnyNode, depth);
        break;
      case 'ChainExpression':
        wrap(n, '__ilE(', ')', depth);
        visitChain(n.expression as AnyNode, depth + 1);
        return;
      case 'CallExpression':
      case 'NewExpression':
        reference(n.callee as AnyNode);
        // `new a.b.C()`: a call anywhere in the callee would become what `new` applies to.
        if (n.type === 'NewExpression') referenceChain(n.callee as AnyNode);
        if (markCall(n, depth, inChain) && !inChain) wrap(n, '__ilE(', ')', depth);
        break;
      case 'AwaitExpression':
      case 'YieldExpression':
        wrap(n, '__ilE(', ')', depth);
        break;
    }
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c === 'object' && typeof (c as AnyNode).type === 'string') visit(c as AnyNode, depth + 1, false);
      } else if (v && typeof v === 'object' && typeof (v as AnyNode).type === 'string') visit(v as AnyNode, depth + 1, false);
    }
  };

  /**
   * The spine of an optional chain (`a?.b().c()`): its calls are marked but not wrapped one by
   * one, which would end the chain's short-circuit early; the whole chain is wrapped instead.
   */
  const visitChain = (n: AnyNode, depth: number): void => {
    if (n.type === 'CallExpression') {
      markCall(n, depth, true);
      visitChain(n.callee as AnyNode, depth + 1);
      for (const a of n.arguments as AnyNode[]) visit(a, depth + 1, false);
    } else if (n.type === 'MemberExpression') {
      visitChain(n.object as AnyNode, depth + 1);
      if (n.computed) visit(n.property as AnyNode, depth + 1, false);
    } else visit(n, depth, false);
  };

  visit(program, 0, false);
  const first = (program.body as AnyNode[]).find((s) => typeof s.directive !== 'string');
  add(first ? first.start : js.length, PROLOGUE, 1, -1);
  inserts.sort((a, b) => a.pos - b.pos || a.kind - b.kind || (a.kind === 0 ? b.depth - a.depth : a.depth - b.depth));

  let out = '';
  let from = 0;
  for (const i of inserts) {
    out += js.slice(from, i.pos) + i.text;
    from = i.pos;
  }
  // The helpers go after everything but the source map comment, which must stay last.
  const rest = js.slice(from);
  const mapComment = /\n\/\/# sourceMappingURL=[^\n]*\n?$/.exec(rest);
  out += mapComment ? rest.slice(0, mapComment.index) + HELPERS.trimEnd() + rest.slice(mapComment.index) : rest + HELPERS;
  return { js: out, inserts: inserts.map((i) => [i.pos, i.text.length]), calls };
}
