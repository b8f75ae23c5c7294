// TypeScript server plugin (contributes.typescriptServerPlugins): in any workspace, an import of
// `interleave` that the project cannot resolve itself resolves to the runtime's declarations
// shipped in the extension (dist/types/api/index.d.ts), so scenario files get completions, hovers
// and no "cannot find module" error without an npm install. A project that does install
// `interleave` keeps its own copy. Loaded by tsserver, not by the extension host: no vscode here.
import { join } from 'node:path';
import type * as ts from 'typescript';

export const MODULE_NAME = 'interleave';

type ResolveLiterals = NonNullable<ts.LanguageServiceHost['resolveModuleNameLiterals']>;

/** Wraps the host's module resolution so that an unresolved `interleave` resolves to `typesFile`. */
export function installResolver(tsm: typeof ts, host: ts.LanguageServiceHost, typesFile: string): void {
  const ours: ts.ResolvedModuleWithFailedLookupLocations = {
    resolvedModule: { resolvedFileName: typesFile, extension: tsm.Extension.Dts, isExternalLibraryImport: true },
  };
  const original: ResolveLiterals =
    host.resolveModuleNameLiterals?.bind(host) ??
    ((literals, containingFile, redirected, options) =>
      literals.map((l) => tsm.resolveModuleName(l.text, containingFile, options, moduleResolutionHost(host), undefined, redirected)));
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, options, sourceFile, reused) => {
    const resolved = original(literals, containingFile, redirected, options, sourceFile, reused);
    return resolved.map((r, i) => (literals[i].text === MODULE_NAME && !r.resolvedModule ? ours : r));
  };
}

function moduleResolutionHost(host: ts.LanguageServiceHost): ts.ModuleResolutionHost {
  return {
    fileExists: (f) => host.fileExists(f),
    readFile: (f) => host.readFile(f),
    directoryExists: host.directoryExists && ((d) => host.directoryExists!(d)),
    realpath: host.realpath && ((p) => host.realpath!(p)),
    getCurrentDirectory: () => host.getCurrentDirectory(),
  };
}

const init: ts.server.PluginModuleFactory = ({ typescript }) => ({
  create(info) {
    // Bundled as dist/tsserver-plugin.js; the declarations are emitted beside it under dist/types.
    const typesFile = join(__dirname, 'types', 'api', 'index.d.ts');
    installResolver(typescript, info.languageServiceHost, typesFile);
    info.project.projectService.logger.info(`interleave-tsserver-plugin: '${MODULE_NAME}' resolves to ${typesFile} when unresolved`);
    return info.languageService;
  },
});

export default init;
