// A direct plan (planner/direct.ts) kept by a prepared SELECT across its executions, so that a
// point lookup executed many times (`SELECT ... FROM mv WHERE k = $1`) lowers, optimizes and
// compiles its plan once instead of per execution.
//
// The plan is compiled with parameter slots (EvalContext.parameters): a parameter's literal reads
// the slot when evaluated, and a point lookup's key values that came from parameters
// (Rel.lookupParams) are taken from the execution's values. The statement-level facts of the
// evaluation context (now(), settings, session) are those of the execution in progress: the
// compiled closures see them through a forwarding context.
//
// Validity: the prepared statement's cached binding (session/plan-cache.ts) already guarantees
// that binding the new values gives the recorded query with only the parameter literals' values
// changed. Lowering and the optimizer make no decision on a parameter's value (planner/
// optimize.ts), and compiling fixes none either; as a guard, a plan in which some parameter of
// the query no longer appears as a literal is not kept (its value would have been consumed while
// planning; a point lookup keeps its predicates above it, so its parameters still appear there).
import type { Datum } from '../../repr/index.js';
import type { EvalContext, SessionInfo } from '../../expr/signature.js';
import type { Rel } from '../../sql/hir.js';
import { Lowerer } from '../../planner/lower.js';
import { optimize } from '../../planner/optimize.js';
import { directPlan, type DirectPlan, type DirectRead } from '../../planner/direct.js';
import { paramNumbers } from '../plan-cache.js';

/** The evaluation context of the execution in progress, and its parameter values. */
class ExecutionContext implements EvalContext {
  readonly parameters: { values: readonly Datum[] } = { values: [] };

  constructor(public current: EvalContext) {}

  get timeZone(): string {
    return this.current.timeZone;
  }
  get txnStart(): bigint {
    return this.current.txnStart;
  }
  get statementStart(): bigint {
    return this.current.statementStart;
  }
  setting(name: string): string | undefined {
    return this.current.setting(name);
  }
  get session(): SessionInfo | undefined {
    return this.current.session;
  }
}

export class ReusablePlan {
  /** Set while an execution is using the slots (its rows are read in slices, across awaits). */
  private busy = false;

  private constructor(
    private readonly plan: DirectPlan & { readonly read: DirectRead },
    private readonly ctx: ExecutionContext,
  ) {}

  /**
   * The plan of `rel` (a bound query's relation, parameter literals marked) kept for reuse, or
   * null when it needs a dataflow or planning consumed a parameter's value.
   */
  static make(rel: Rel, ctx: EvalContext): ReusablePlan | null {
    const forwarding = new ExecutionContext(ctx);
    const lowered = optimize(new Lowerer(forwarding).lower(rel));
    const plan = directPlan(lowered, forwarding);
    if (plan === null || !('id' in plan.read)) return null;
    const before = paramNumbers(rel);
    const after = paramNumbers(lowered);
    if (before.size !== after.size || [...before].some((n) => !after.has(n))) return null;
    return new ReusablePlan(plan as DirectPlan & { read: DirectRead }, forwarding);
  }

  /**
   * Runs `run` with the plan set up for this execution (its context and values), or returns
   * undefined when another execution is using the plan.
   */
  async with<T>(
    ctx: EvalContext,
    values: readonly Datum[],
    run: (plan: DirectPlan) => Promise<T>,
  ): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.ctx.current = ctx;
    this.ctx.parameters.values = values;
    try {
      const read = this.plan.read;
      const params = read.lookupParams;
      const plan: DirectPlan =
        params === undefined
          ? this.plan
          : {
              read: {
                ...read,
                lookup: read.lookup!.map((key, i) =>
                  key.map((v, j) => {
                    const n = params[i]![j];
                    return n === undefined ? v : (values[n - 1] ?? null);
                  }),
                ),
              },
              apply: this.plan.apply,
            };
      return await run(plan);
    } finally {
      this.busy = false;
    }
  }
}
