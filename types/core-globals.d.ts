// The globals src/core uses that every platform it runs on provides (Node ≥ 20, browsers, VS Code's
// webview). Only tsconfig.core.json reads this file: core compiles without DOM or Node types.
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare var crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
