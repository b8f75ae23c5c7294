// A TypeScript language service over one in-memory scenario file, hosted the way tsserver hosts a
// loose file in an editor; the rest (libraries, served declarations) is read from disk.
import ts from 'typescript';

/** The host of `file` in `dir`, its text and version read at each request (the service re-reads on a new version). */
export function scenarioHost(file: string, dir: string, text: () => string, version: () => string, settings: ts.CompilerOptions = {}): ts.LanguageServiceHost {
  return {
    getCompilationSettings: () => ({
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      ...settings,
    }),
    getScriptFileNames: () => [file],
    getScriptVersion: version,
    getScriptSnapshot: (f) =>
      f === file ? ts.ScriptSnapshot.fromString(text()) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined,
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    directoryExists: ts.sys.directoryExists,
  };
}
