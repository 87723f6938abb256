// Type declarations for the parts of net-snmp (3.29, which ships none) that this project uses.
// Extend as needed; keep values `unknown` where the library returns several shapes.
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events';

  export const Version1: 0;
  export const Version2c: 1;
  export const Version3: 3;
  export const Version: { '1': 0; '2c': 1; '3': 3 };

  export const ObjectType: {
    Boolean: 1; Integer: 2; BitString: 3; OctetString: 4; Null: 5; OID: 6; IpAddress: 64; Counter: 65;
    Counter32: 65; Gauge: 66; Gauge32: 66; Unsigned32: 66; TimeTicks: 67; Opaque: 68; Integer32: 2;
    Counter64: 70; NoSuchObject: 128; NoSuchInstance: 129; EndOfMibView: 130;
    [name: string]: number;
  };
  export const ErrorStatus: Record<string, number>;
  export const PduType: Record<string, number>;
  export const SecurityLevel: { noAuthNoPriv: 1; authNoPriv: 2; authPriv: 3 };
  export const AuthProtocols: { none: string; md5: string; sha: string; sha224: string; sha256: string; sha384: string; sha512: string };
  export const PrivProtocols: { none: string; des: string; aes: string; aes256b: string; aes256r: string };
  export const MibProviderType: { Scalar: 'Scalar'; Table: 'Table' };
  export const MaxAccess: {
    'not-accessible': 0; 'accessible-for-notify': 1; 'read-only': 2; 'read-write': 3; 'read-create': 4;
    [name: string]: number;
  };
  export const AccessLevel: { None: 0; ReadOnly: 1; ReadWrite: 2 };
  export const AccessControlModelType: { None: 0; Simple: 1 };

  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }
  export function isVarbindError(varbind: Varbind): boolean;
  export function varbindError(varbind: Varbind): string;

  export class RequestTimedOutError extends Error {}
  export class RequestFailedError extends Error { status: number }
  export class ResponseInvalidError extends Error { code: number; info?: unknown; constructor(message: string, code: number, info?: unknown) }
  export class RequestInvalidError extends Error {}
  export const ResponseInvalidCode: Record<string, number>;

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    trapPort?: number;
    version?: number;
    backwardsGetNexts?: boolean;
    reportOidMismatchErrors?: boolean;
    idBitsSize?: 16 | 32;
    context?: string;
    sourceAddress?: string;
    sourcePort?: number;
    engineID?: string | Buffer;
  }

  export interface V3User {
    name: string;
    level: number;
    authProtocol?: string;
    authKey?: string;
    privProtocol?: string;
    privKey?: string;
  }

  export type VarbindsCallback = (error: Error | null, varbinds: Varbind[]) => void;
  export type BulkVarbindsCallback = (error: Error | null, varbinds: Array<Varbind | Varbind[]>) => void;

  export class Session extends EventEmitter {
    get(oids: string[], callback: VarbindsCallback): void;
    getNext(oids: string[], callback: VarbindsCallback): void;
    getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, callback: BulkVarbindsCallback): void;
    walk(oid: string, maxRepetitions: number, feedCallback: (varbinds: Varbind[]) => boolean | void, doneCallback: (error: Error | null) => void): void;
    subtree(oid: string, maxRepetitions: number, feedCallback: (varbinds: Varbind[]) => boolean | void, doneCallback: (error: Error | null) => void): void;
    close(): void;
    /** Internal state net-snmp keeps per v3 session (engine id, boots, time). */
    engine?: unknown;
    msgSecurityParameters?: unknown;
  }
  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: V3User, options?: SessionOptions): Session;

  export interface ScalarProvider {
    name: string;
    type: 'Scalar';
    oid: string;
    scalarType: number;
    maxAccess: number;
    defVal?: unknown;
    handler?: (mibRequest: unknown) => void;
  }
  export interface TableColumn {
    number: number;
    name: string;
    type: number;
    maxAccess?: number;
    defVal?: unknown;
  }
  export interface TableIndexEntry {
    columnName?: string;
    columnNumber?: number;
    foreign?: string;
    implied?: boolean;
    /** Fixed number of sub-identifiers (e.g. 6 for a MacAddress), encoded without a length prefix. */
    length?: number;
    type?: number;
  }
  export interface TableProvider {
    name: string;
    type: 'Table';
    oid: string;
    maxAccess: number;
    tableColumns: TableColumn[];
    tableIndex: TableIndexEntry[];
    /** Name of the table this one AUGMENTS (shares its index), e.g. ifXTable augments ifTable. */
    tableAugments?: string;
    handler?: (mibRequest: unknown) => void;
  }
  export type Provider = ScalarProvider | TableProvider;

  /** A node of the agent's MIB tree; instance nodes carry the served value. */
  export interface MibNode {
    oid: string;
    value: unknown;
    valueType: number;
  }
  export class Mib {
    lookup(oid: string): MibNode | null;
    registerProvider(provider: Provider): void;
    registerProviders(providers: Provider[]): void;
    unregisterProvider(name: string): void;
    getProvider(name: string): Provider | undefined;
    getScalarValue(name: string): unknown;
    setScalarValue(name: string, value: unknown): boolean;
    addTableRow(name: string, row: unknown[]): boolean;
    deleteTableRow(name: string, rowIndex: unknown[]): boolean;
    getTableCells(name: string, byRows?: boolean, includeInstances?: boolean): unknown[][];
    getTableSingleCell(name: string, columnNumber: number, rowIndex: unknown[]): unknown;
    setTableSingleCell(name: string, columnNumber: number, rowIndex: unknown[], value: unknown): boolean;
    dump(options?: unknown): void;
  }
  export function createMib(options?: unknown): Mib;

  export class Authorizer {
    addCommunity(community: string): void;
    deleteCommunity(community: string): void;
    getCommunities(): string[];
    addUser(user: V3User): void;
    deleteUser(name: string): void;
    getUsers(): V3User[];
  }

  export interface AgentOptions {
    port?: number;
    address?: string | null;
    disableAuthorization?: boolean;
    accessControlModelType?: number;
    engineID?: string | Buffer;
    transport?: 'udp4' | 'udp6';
    includeAuthentication?: boolean;
    sockets?: unknown;
    /** Replaces node:dgram (the agent calls createSocket(type) on it). */
    dgramModule?: { createSocket(type: 'udp4' | 'udp6'): import('node:dgram').Socket };
  }
  /** The agent's SNMPv3 engine (RFC 3414 snmpEngineID/Boots/Time as net-snmp keeps them). */
  export interface AgentEngine {
    engineID: Buffer;
    engineBoots: number;
    engineTime: number;
  }
  export class Agent {
    getMib(): Mib;
    setMib(mib: Mib): void;
    getAuthorizer(): Authorizer;
    registerProvider(provider: Provider): void;
    close(callback?: () => void): void;
    engine: AgentEngine;
    /** The agent's listener; its UDP socket(s) live here. */
    listener: unknown;
  }
  /** RFC 3414 authentication helpers (exported by net-snmp as Authentication). */
  export const Authentication: {
    isAuthentic(messageBuffer: Buffer, authProtocol: string, authPassword: string, engineID: Buffer, digestInMessage: Buffer): boolean;
    /** Computes the HMAC of the message (digest field zeroed) and copies it into digestInMessage. */
    writeParameters(messageBuffer: Buffer, authProtocol: string, authPassword: string, engineID: Buffer, digestInMessage: Buffer): void;
    algorithms: Record<string, { AUTHENTICATION_CODE_LENGTH: number }>;
  };
  export function createAgent(options: AgentOptions, callback: (error: Error | null, data: unknown) => void, mib?: Mib): Agent;
}
