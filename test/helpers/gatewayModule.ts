/** Typed access to scripts/gateway.cjs (the project's real-gateway manager) from the tests. */
export interface FakeLlm {
	url: string;
	port: number;
	calls(): Promise<Array<{ path: string; text: string; at: number }>>;
	reset(): Promise<void>;
	stop(): Promise<void>;
}
export interface RunningGateway {
	version: string;
	url: string;
	wsUrl: string;
	port: number;
	token: string;
	runDir: string;
	stateDir: string;
	configPath: string;
	fake: FakeLlm;
	readonly pid: number;
	cli(args: string[], opts?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string }>;
	kill(): Promise<void>;
	restart(): Promise<void>;
	stop(): Promise<void>;
}
export interface StartOptions {
	version?: string;
	token?: string;
	authMode?: 'token' | 'password';
	extraConfig?: Record<string, unknown>;
	netns?: string;
	host?: string;
	port?: number;
	fake?: FakeLlm;
}
interface GatewayModule {
	OPENCLAW_VERSIONS: { latest: string; legacy: string };
	startGateway(opts?: StartOptions): Promise<RunningGateway>;
	startFakeLlm(opts: { runDir: string; reply?: string }): Promise<FakeLlm>;
	freePort(): Promise<number>;
	PROJECT_DIR: string;
	installDir(version: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const gatewayModule = require('../../scripts/gateway.cjs') as GatewayModule;
