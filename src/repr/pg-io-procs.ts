// The C functions PostgreSQL names in pg_type's typinput / typoutput / typreceive / typsend
// columns (int4in, array_in, numeric_recv, ...), with PostgreSQL 15's pg_proc OIDs, argument and
// result type OIDs (cstring 2275, internal 2281 included). Eddy implements each type's I/O in
// ./io/, not as callable functions; these rows let the catalog name them as PostgreSQL does, so
// drivers that compare `typinput = 'array_in'::regproc` (pgjdbc's TypeInfoCache) see the same.

/** name, OID, argument type OIDs, result type OID. */
type IoProc = readonly [string, number, readonly number[], number];

const IO_PROCS: readonly IoProc[] = [
  ['byteaout', 31, [17], 2275],
  ['charout', 33, [18], 2275],
  ['namein', 34, [2275], 19],
  ['nameout', 35, [19], 2275],
  ['int2in', 38, [2275], 21],
  ['int2out', 39, [21], 2275],
  ['int2vectorin', 40, [2275], 22],
  ['int2vectorout', 41, [22], 2275],
  ['int4in', 42, [2275], 23],
  ['int4out', 43, [23], 2275],
  ['regprocin', 44, [2275], 24],
  ['regprocout', 45, [24], 2275],
  ['textin', 46, [2275], 25],
  ['textout', 47, [25], 2275],
  ['tidin', 48, [2275], 27],
  ['tidout', 49, [27], 2275],
  ['xidin', 50, [2275], 28],
  ['xidout', 51, [28], 2275],
  ['cidin', 52, [2275], 29],
  ['cidout', 53, [29], 2275],
  ['oidvectorin', 54, [2275], 30],
  ['oidvectorout', 55, [30], 2275],
  ['unknownin', 109, [2275], 705],
  ['unknownout', 110, [705], 2275],
  ['pg_node_tree_in', 195, [2275], 194],
  ['pg_node_tree_out', 196, [194], 2275],
  ['pg_node_tree_recv', 197, [2281], 194],
  ['pg_node_tree_send', 198, [194], 17],
  ['float4in', 200, [2275], 700],
  ['float4out', 201, [700], 2275],
  ['float8in', 214, [2275], 701],
  ['float8out', 215, [701], 2275],
  ['json_in', 321, [2275], 114],
  ['json_out', 322, [114], 2275],
  ['json_recv', 323, [2281], 114],
  ['json_send', 324, [114], 17],
  ['int8in', 460, [2275], 20],
  ['int8out', 461, [20], 2275],
  ['array_in', 750, [2275, 26, 23], 2277],
  ['array_out', 751, [2277], 2275],
  ['inet_in', 910, [2275], 869],
  ['inet_out', 911, [869], 2275],
  ['aclitemin', 1031, [2275], 1033],
  ['aclitemout', 1032, [1033], 2275],
  ['bpcharin', 1044, [2275, 26, 23], 1042],
  ['bpcharout', 1045, [1042], 2275],
  ['varcharin', 1046, [2275, 26, 23], 1043],
  ['varcharout', 1047, [1043], 2275],
  ['date_in', 1084, [2275], 1082],
  ['date_out', 1085, [1082], 2275],
  ['time_in', 1143, [2275, 26, 23], 1083],
  ['time_out', 1144, [1083], 2275],
  ['timestamptz_in', 1150, [2275, 26, 23], 1184],
  ['timestamptz_out', 1151, [1184], 2275],
  ['interval_in', 1160, [2275, 26, 23], 1186],
  ['interval_out', 1161, [1186], 2275],
  ['boolin', 1242, [2275], 16],
  ['boolout', 1243, [16], 2275],
  ['byteain', 1244, [2275], 17],
  ['charin', 1245, [2275], 18],
  ['timestamp_in', 1312, [2275, 26, 23], 1114],
  ['timestamp_out', 1313, [1114], 2275],
  ['numeric_in', 1701, [2275, 26, 23], 1700],
  ['numeric_out', 1702, [1700], 2275],
  ['oidin', 1798, [2275], 26],
  ['oidout', 1799, [26], 2275],
  ['regclassin', 2218, [2275], 2205],
  ['regclassout', 2219, [2205], 2275],
  ['regtypein', 2220, [2275], 2206],
  ['regtypeout', 2221, [2206], 2275],
  ['record_in', 2290, [2275, 26, 23], 2249],
  ['record_out', 2291, [2249], 2275],
  ['void_in', 2298, [2275], 2278],
  ['void_out', 2299, [2278], 2275],
  ['array_recv', 2400, [2281, 26, 23], 2277],
  ['array_send', 2401, [2277], 17],
  ['record_recv', 2402, [2281, 26, 23], 2249],
  ['record_send', 2403, [2249], 17],
  ['int2recv', 2404, [2281], 21],
  ['int2send', 2405, [21], 17],
  ['int4recv', 2406, [2281], 23],
  ['int4send', 2407, [23], 17],
  ['int8recv', 2408, [2281], 20],
  ['int8send', 2409, [20], 17],
  ['int2vectorrecv', 2410, [2281], 22],
  ['int2vectorsend', 2411, [22], 17],
  ['bytearecv', 2412, [2281], 17],
  ['byteasend', 2413, [17], 17],
  ['textrecv', 2414, [2281], 25],
  ['textsend', 2415, [25], 17],
  ['unknownrecv', 2416, [2281], 705],
  ['unknownsend', 2417, [705], 17],
  ['oidrecv', 2418, [2281], 26],
  ['oidsend', 2419, [26], 17],
  ['oidvectorrecv', 2420, [2281], 30],
  ['oidvectorsend', 2421, [30], 17],
  ['namerecv', 2422, [2281], 19],
  ['namesend', 2423, [19], 17],
  ['float4recv', 2424, [2281], 700],
  ['float4send', 2425, [700], 17],
  ['float8recv', 2426, [2281], 701],
  ['float8send', 2427, [701], 17],
  ['bpcharrecv', 2430, [2281, 26, 23], 1042],
  ['bpcharsend', 2431, [1042], 17],
  ['varcharrecv', 2432, [2281, 26, 23], 1043],
  ['varcharsend', 2433, [1043], 17],
  ['charrecv', 2434, [2281], 18],
  ['charsend', 2435, [18], 17],
  ['boolrecv', 2436, [2281], 16],
  ['boolsend', 2437, [16], 17],
  ['tidrecv', 2438, [2281], 27],
  ['tidsend', 2439, [27], 17],
  ['xidrecv', 2440, [2281], 28],
  ['xidsend', 2441, [28], 17],
  ['cidrecv', 2442, [2281], 29],
  ['cidsend', 2443, [29], 17],
  ['regprocrecv', 2444, [2281], 24],
  ['regprocsend', 2445, [24], 17],
  ['regclassrecv', 2452, [2281], 2205],
  ['regclasssend', 2453, [2205], 17],
  ['regtyperecv', 2454, [2281], 2206],
  ['regtypesend', 2455, [2206], 17],
  ['numeric_recv', 2460, [2281, 26, 23], 1700],
  ['numeric_send', 2461, [1700], 17],
  ['date_recv', 2468, [2281], 1082],
  ['date_send', 2469, [1082], 17],
  ['time_recv', 2470, [2281, 26, 23], 1083],
  ['time_send', 2471, [1083], 17],
  ['timestamp_recv', 2474, [2281, 26, 23], 1114],
  ['timestamp_send', 2475, [1114], 17],
  ['timestamptz_recv', 2476, [2281, 26, 23], 1184],
  ['timestamptz_send', 2477, [1184], 17],
  ['interval_recv', 2478, [2281, 26, 23], 1186],
  ['interval_send', 2479, [1186], 17],
  ['inet_recv', 2496, [2281], 869],
  ['inet_send', 2497, [869], 17],
  ['uuid_in', 2952, [2275], 2950],
  ['uuid_out', 2953, [2950], 2275],
  ['uuid_recv', 2961, [2281], 2950],
  ['uuid_send', 2962, [2950], 17],
  ['void_recv', 3120, [2281], 2278],
  ['void_send', 3121, [2278], 17],
  ['jsonb_send', 3803, [3802], 17],
  ['jsonb_out', 3804, [3802], 2275],
  ['jsonb_recv', 3805, [2281], 3802],
  ['jsonb_in', 3806, [2275], 3802],
  ['regnamespacein', 4084, [2275], 4089],
  ['regnamespaceout', 4085, [4089], 2275],
  ['regnamespacerecv', 4087, [2281], 4089],
  ['regnamespacesend', 4088, [4089], 17],
  ['regroleout', 4092, [4096], 2275],
  ['regrolerecv', 4094, [2281], 4096],
  ['regrolesend', 4095, [4096], 17],
  ['regrolein', 4098, [2275], 4096],
];

export interface IoProcInfo {
  readonly name: string;
  readonly oid: number;
  readonly argTypes: readonly number[];
  readonly retType: number;
}

const BY_NAME = new Map<string, IoProcInfo>();
const BY_OID = new Map<number, IoProcInfo>();
for (const [name, oid, argTypes, retType] of IO_PROCS) {
  const info = { name, oid, argTypes, retType };
  BY_NAME.set(name, info);
  BY_OID.set(oid, info);
}

/** Every type I/O function, in OID order. */
export function allIoProcs(): readonly IoProcInfo[] {
  return [...BY_OID.values()];
}

/** The I/O function of this name; undefined if none ('-' and unknown names). */
export function ioProcByName(name: string): IoProcInfo | undefined {
  return BY_NAME.get(name);
}

export function ioProcByOid(oid: number): IoProcInfo | undefined {
  return BY_OID.get(oid);
}
