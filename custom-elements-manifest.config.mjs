// `npm run manifest` (run by `npm run build`): custom-elements.json from the element's doc comments (@summary, @fires,
// @csspart, @cssprop, @attr and the property comments), read by IDEs, Storybook and framework tooling. Lit's static
// `properties` give the attributes (kebab-case where declared); members marked @internal, and private ones, stay out.
// Module paths point at dist/, the files a consumer of the package has.
/* global URL */

/**
 * Keeps the public API only. Lit's static `properties` also lists internal reactive state (`state: true`) and members
 * marked @internal, which the analyzer turns into fields and attributes; TypeScript-private members come through with
 * `privacy: "private"`. Events found from `dispatchEvent(new X())` in code carry no name: the @fires tags name them.
 */
function publicApiOnly() {
  /** Names of the class members that are `private`, `protected` or tagged @internal, by class name. */
  const hidden = new Map();
  return {
    name: 'coinspaid-public-api-only',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const names = new Set();
      for (const member of node.members) {
        const name = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
        if (!name) continue;
        const modifiers = ts.getModifiers?.(member) ?? [];
        const nonPublic = modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
        const internal = ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'internal');
        if (nonPublic || internal) names.add(name);
      }
      hidden.set(node.name.text, names);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const names = hidden.get(declaration.name) ?? new Set();
          if (declaration.members) {
            declaration.members = declaration.members.filter((m) => (!m.privacy || m.privacy === 'public') && !names.has(m.name));
          }
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !names.has(a.fieldName ?? a.name));
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
        }
      }
    },
  };
}

/**
 * `defineOnce('tag', Class)` (src/element/define.ts) registers an element as `customElements.define` does, which is
 * the only call the analyzer knows: recorded here the same way (the tag's definition, linked to its class).
 */
function defineOnceCalls() {
  return {
    name: 'coinspaid-define-once',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'defineOnce') return;
      const [tag, element] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !element || !ts.isIdentifier(element)) return;
      const imported = context?.imports?.find((i) => i.name === element.text && !i.isBareModuleSpecifier);
      const module = imported ? new URL(imported.importPath, `file:///${moduleDoc.path}`).pathname : moduleDoc.path;
      const definition = { kind: 'custom-element-definition', name: tag.text, declaration: { name: element.text, module } };
      moduleDoc.exports = [...(moduleDoc.exports ?? []), definition];
    },
  };
}

/** `src/element/x.ts` → `dist/element/x.js` (tsc's output layout, tsconfig.build.json). */
function distPaths() {
  const toDist = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
  return {
    name: 'coinspaid-dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      const rewrite = (node) => {
        if (Array.isArray(node)) node.forEach(rewrite);
        else if (node && typeof node === 'object') {
          for (const [key, value] of Object.entries(node)) {
            if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = toDist(value);
            else rewrite(value);
          }
        }
      };
      rewrite(customElementsManifest.modules);
    },
  };
}

export default {
  globs: [
    'src/element/coinspaid-terminal.ts',
    'src/element/coinspaid-terminal.component.ts',
    'src/element/events.ts',
    'src/element/errors.ts',
  ],
  outdir: '.',
  // package.json already names custom-elements.json; the analyzer would otherwise rewrite that entry.
  packagejson: false,
  litelement: true,
  plugins: [defineOnceCalls(), publicApiOnly(), distPaths()],
};
