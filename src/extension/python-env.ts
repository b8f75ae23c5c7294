// Which Python runs a script in VS Code: the interpreter selected in the Python extension (its
// public `environments` API) when that extension is installed, else the setting
// `interleave.pythonPath`, else python3 on PATH — checked to exist and be 3.9 or newer.
import * as vscode from 'vscode';
import { PythonNotFound, resolvePython, type PythonInfo } from '../runtime/host/python/interpreter';

/** The part of ms-python.python's exported API used here (see its `@vscode/python-extension` typings). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

async function selectedInPythonExtension(scope: vscode.Uri): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const envs = api?.environments;
    const active = envs?.getActiveEnvironmentPath(scope);
    if (!envs || !active) return undefined;
    const resolved = await envs.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch {
    return undefined; // an extension that fails to answer is as good as absent
  }
}

/** The interpreter for `file`, or an error message saying what to do. */
export async function pythonFor(file: vscode.Uri): Promise<PythonInfo | { error: string }> {
  const fromExtension = await selectedInPythonExtension(file);
  const setting = vscode.workspace.getConfiguration('interleave', file).get<string>('pythonPath')?.trim() || undefined;
  const how = fromExtension
    ? 'select another interpreter with "Python: Select Interpreter"'
    : 'set "interleave.pythonPath" to a Python 3.9+ interpreter (or install the Python extension and select one)';
  try {
    return await resolvePython(fromExtension ?? setting, how);
  } catch (e) {
    if (e instanceof PythonNotFound) return { error: `Interleave: ${e.message}` };
    throw e;
  }
}
