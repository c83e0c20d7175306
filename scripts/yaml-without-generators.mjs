// The YAML library's lexer and parser with plain methods where they had generator methods, for
// the bundles: the same code and the same tokens, 4-5 ms less of every config's start
// (docs/performance.md, "The YAML parser without generators").
//
// In the library each character run (lexeme) passes up through three to five nested generators
// (`yield*`), and V8's interpreter, which runs all of a command's code once, resumes every level
// for every lexeme. Here, each generator method `*name(...)` of a class gets a plain twin
// `__name(...)`: the same body, with `yield value` as `this.__out.push(value)` and
// `yield* this.other(...)` as `this.__other(...)` (whose return value it already was).
// The generator methods stay, for other callers:
//   - one that no other generator method of its class delegates to (an entry: `lex`, `parse`)
//     keeps its body, with `yield* this.other(...)` as `yield* this.__drain(this.__other(...))`
//     (the twin runs, then what it pushed is yielded), and gains `__nameInto(sink, ...)`, its
//     twin pushing into `sink`;
//   - any other runs its twin, then yields what it pushed.
// And `for (const x of object.entry(...)) yield* this.own(x);` (the parser reading the lexer's
// lexemes) becomes `object.__entryInto({ push: (x) => this.__own(x) }, ...)`: each lexeme goes
// to the parser as it is made, without an array of them all (1 MiB of YAML has half a
// million). So `parse` hands out its tokens once the whole text is parsed, where the library's
// did as it went: the bundles read them all before composing anyway.
// What cannot be rewritten unchanged stops the build: a `yield` whose value is read, a `yield*`
// of anything but a generator method of the same class. test/yaml-without-generators.test.ts
// compares both on the repository's YAML, on random and on randomly edited texts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The library's files (relative to its `browser/dist` folder) that this rewrites. */
const REWRITTEN_YAML_FILES = ['parse/lexer.js', 'parse/parser.js'];

/**
 * The YAML library's ES module build, its lexer and parser rewritten: text by path under
 * `folder` (its `index.js` is the library's entry). The build and the bench bundle this copy.
 */
export function yamlLibraryFiles(folder) {
  const library = join(dirname(require.resolve('yaml/package.json')), 'browser/dist');
  const files = {};
  const copy = (under) => {
    for (const entry of readdirSync(join(library, under), { withFileTypes: true })) {
      const path = under ? `${under}/${entry.name}` : entry.name;
      if (entry.isDirectory()) copy(path);
      else if (path.endsWith('.js')) files[path] = readFileSync(join(library, path), 'utf8');
    }
  };
  copy('');
  const rewritten = withoutGenerators(
    Object.fromEntries(REWRITTEN_YAML_FILES.map((path) => [path, files[path]])),
  );
  return Object.fromEntries(
    Object.entries({ ...files, ...rewritten }).map(([path, text]) => [`${folder}/${path}`, text]),
  );
}

/**
 * What a rewritten class gains: the buffer its plain methods push to, and the generator that
 * hands what one call pushed on to the public generator that made the call.
 */
const ADDED_MEMBERS = `class Added {
  __out = [];
  *__drain(result) {
    const out = this.__out;
    if (out.length) {
      this.__out = [];
      yield* out;
    }
    return result;
  }
}`;

/** The generator of a method that is not an entry: its twin, then what the twin pushed. */
const innerGenerator = (name) => `class Added {
  *${name}(...args) {
    return yield* this.__drain(this.__${name}(...args));
  }
}`;

/** A method that runs a plain method with another buffer: a sink that takes each value. */
const intoMethod = (name) => `class Added {
  __${name}Into(sink, ...args) {
    const outer = this.__out;
    this.__out = sink;
    try {
      return this.__${name}(...args);
    } finally {
      this.__out = outer;
    }
  }
}`;

/**
 * Rewrites the classes of several files (text by file name; see the top of this file), which
 * may stream into each other's methods; throws on anything it cannot rewrite unchanged.
 */
export function withoutGenerators(files) {
  const ts = require('typescript');
  const sources = Object.entries(files).map(([fileName, text]) =>
    ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS),
  );
  const classes = [];
  const findClasses = (node) => {
    if (ts.isClassDeclaration(node)) classes.push(node);
    ts.forEachChild(node, findClasses);
  };
  for (const source of sources) findClasses(source);
  /** The generator methods that start a run, of every class of these files, by name. */
  const entries = new Set(classes.flatMap((node) => [...classGenerators(ts, node).entries]));
  return Object.fromEntries(
    sources.map((source) => [source.fileName, rewriteFile(ts, source, entries)]),
  );
}

/**
 * A class's generator methods by name: all of them, and the entries, those that none of the
 * others delegates to with `yield* this.name(...)`.
 */
function classGenerators(ts, node) {
  const all = new Set(
    node.members
      .filter((member) => ts.isMethodDeclaration(member) && member.asteriskToken)
      .map((member) => member.name.text),
  );
  const delegatedTo = new Set();
  const look = (child) => {
    const call = ts.isYieldExpression(child) && child.asteriskToken ? child.expression : null;
    if (
      call &&
      ts.isCallExpression(call) &&
      ts.isPropertyAccessExpression(call.expression) &&
      call.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      all.has(call.expression.name.text)
    ) {
      delegatedTo.add(call.expression.name.text);
    }
    ts.forEachChild(child, look);
  };
  look(node);
  return { all, entries: new Set([...all].filter((name) => !delegatedTo.has(name))) };
}

function rewriteFile(ts, source, entries) {
  const f = ts.factory;
  const fileName = source.fileName;
  const fail = (node, what) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    throw new Error(`${fileName}:${line + 1}: ${what}: ${node.getText(source)}`);
  };
  const isGenerator = (member) => ts.isMethodDeclaration(member) && member.asteriskToken;
  const parse = (text) => ts.createSourceFile('added.js', text, ts.ScriptTarget.ES2022, true);
  const thisMember = (name) => f.createPropertyAccessExpression(f.createThis(), name);

  const transformer = (context) => (root) => {
    let generators = new Set();
    const isOwnGeneratorCall = (node) =>
      node !== undefined &&
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      generators.has(node.expression.name.text);
    /** `yield* this.__drain(result)`: what the plain method pushed, then its result. */
    const delegate = (result) =>
      f.createYieldExpression(
        f.createToken(ts.SyntaxKind.AsteriskToken),
        f.createCallExpression(thisMember('__drain'), undefined, [result]),
      );
    /**
     * `for (const x of object.entry(...)) yield* this.own(x);`, `entry` an entry of a class of
     * these files: each value goes from the one plain method straight into the other, in the
     * order the generators passed them, with
     * `object.__entryInto({ push: (x) => this.__own(x) }, ...)`. Null for any other node.
     */
    const streamedLoop = (node) => {
      if (!ts.isForOfStatement(node) || node.awaitModifier) return null;
      const list = node.initializer;
      if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1) return null;
      const name = list.declarations[0].name;
      const values = node.expression;
      if (!ts.isIdentifier(name) || !ts.isCallExpression(values)) return null;
      const callee = values.expression;
      if (!ts.isPropertyAccessExpression(callee) || !entries.has(callee.name.text)) {
        return null;
      }
      if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) return null;
      let statement = node.statement;
      if (ts.isBlock(statement) && statement.statements.length === 1) {
        statement = statement.statements[0];
      }
      const each = ts.isExpressionStatement(statement) ? statement.expression : undefined;
      if (!each || !ts.isYieldExpression(each) || !each.asteriskToken) return null;
      const call = each.expression;
      const passesValue =
        isOwnGeneratorCall(call) &&
        call.arguments.length === 1 &&
        ts.isIdentifier(call.arguments[0]) &&
        call.arguments[0].text === name.text;
      if (!passesValue) return null;
      const push = f.createArrowFunction(
        undefined,
        undefined,
        [f.createParameterDeclaration(undefined, undefined, name.text)],
        undefined,
        f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
        f.createCallExpression(thisMember(`__${call.expression.name.text}`), undefined, [
          f.createIdentifier(name.text),
        ]),
      );
      const sink = f.createObjectLiteralExpression([f.createPropertyAssignment('push', push)]);
      return f.createCallExpression(
        f.createPropertyAccessExpression(callee.expression, `__${callee.name.text}Into`),
        undefined,
        [sink, ...values.arguments],
      );
    };
    /**
     * A generator method's body rewritten: `plain` for the plain method (yields pushed),
     * otherwise for the public generator (yields kept, delegations drained).
     */
    const rewriteBody = (plain) => {
      const visitor = (node) => {
        const streamed = streamedLoop(node);
        if (streamed) {
          const statements = [f.createExpressionStatement(streamed)];
          if (!plain) statements.push(f.createExpressionStatement(delegate(f.createVoidZero())));
          return f.createBlock(statements, true);
        }
        // A nested function's yields, if any, are its own.
        if (ts.isFunctionLike(node)) return node;
        if (!ts.isYieldExpression(node)) return ts.visitEachChild(node, visitor, context);
        if (!node.asteriskToken) {
          if (!ts.isExpressionStatement(node.parent)) fail(node, 'a yield whose value is read');
          if (!plain) return ts.visitEachChild(node, visitor, context);
          const value = node.expression
            ? ts.visitNode(node.expression, visitor)
            : f.createVoidZero();
          return f.createCallExpression(
            f.createPropertyAccessExpression(thisMember('__out'), 'push'),
            undefined,
            [value],
          );
        }
        const call = node.expression;
        if (!isOwnGeneratorCall(call)) {
          fail(node, 'a yield* of something else than a generator method of this class');
        }
        const plainCall = f.createCallExpression(
          thisMember(`__${call.expression.name.text}`),
          undefined,
          call.arguments.map((argument) => ts.visitNode(argument, visitor)),
        );
        return plain ? plainCall : delegate(plainCall);
      };
      return (block) => ts.visitEachChild(block, visitor, context);
    };
    // Nodes of another text: without positions, so the printer does not read this file there.
    const synthesized = (node) => {
      ts.setTextRange(node, { pos: -1, end: -1 });
      ts.forEachChild(node, synthesized);
      return node;
    };
    const members = (text) => parse(text).statements[0].members.map(synthesized);
    const visit = (node) => {
      if (!ts.isClassDeclaration(node)) return ts.visitEachChild(node, visit, context);
      const own = classGenerators(ts, node);
      generators = own.all;
      if (generators.size === 0) return node;
      const rewritten = node.members.flatMap((member) => {
        if (!isGenerator(member)) return [member];
        const name = member.name.text;
        const method = (methodName, asterisk, body) =>
          f.createMethodDeclaration(
            member.modifiers,
            asterisk,
            methodName,
            undefined,
            undefined,
            member.parameters,
            undefined,
            body,
          );
        const plain = method(`__${name}`, undefined, rewriteBody(true)(member.body));
        if (!own.entries.has(name)) return [plain, ...members(innerGenerator(name))];
        return [
          plain,
          ...members(intoMethod(name)),
          method(member.name, member.asteriskToken, rewriteBody(false)(member.body)),
        ];
      });
      return f.updateClassDeclaration(
        node,
        node.modifiers,
        node.name,
        node.typeParameters,
        node.heritageClauses,
        [...members(ADDED_MEMBERS), ...rewritten],
      );
    };
    return ts.visitNode(root, visit);
  };
  const result = ts.transform(source, [transformer]);
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });
  const printed = printer.printFile(result.transformed[0]);
  result.dispose();
  return printed;
}
