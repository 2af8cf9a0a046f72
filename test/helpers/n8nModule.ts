/** Typed access to scripts/n8n.cjs (the project's real-n8n manager) from the tests. */
export interface N8nServer {
	url: string;
	port: number;
	pid: number;
	stop(): Promise<void>;
}
export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}
interface N8nModule {
	DEMO_OWNER: Owner;
	EXAMPLES_DIR: string;
	ensureN8n(): Promise<string>;
	provision(opts: {
		userFolder: string;
		gateway: { url: string; token: string; hooksToken?: string };
		fakeModelUrl?: string;
		extraEnv?: Record<string, string>;
		importWorkflows?: boolean;
		/** The bearer token of the examples' MCP Server Triggers (default: a new random one). */
		mcpToken?: string;
	}): Promise<{ mcpToken: string }>;
	n8nCli(
		userFolder: string,
		args: string[],
		opts?: { extraEnv?: Record<string, string>; timeoutMs?: number },
	): Promise<{ stdout: string; stderr: string }>;
	startN8n(opts: {
		userFolder: string;
		port?: number;
		command?: string;
		extraEnv?: Record<string, string>;
		logFile?: string;
	}): Promise<N8nServer>;
	/** The run `n8n execute --rawOutput` logged to logFile (or printed on stdout, n8n 1.x). */
	executedRun(logFile: string, stdout?: string): unknown;
	ownerSession(
		url: string,
		owner: Owner,
	): Promise<{
		cookie: string;
		rest: (method: string, path: string, body?: unknown) => Promise<unknown>;
	}>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const n8nModule = require('../../scripts/n8n.cjs') as N8nModule;
