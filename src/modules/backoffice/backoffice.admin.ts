import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { agencyScopeOf, scopeCovers } from '../agencies/index.ts';
import type { BackofficeContext } from './backoffice.context.ts';
import { BackofficeErrors } from './backoffice.errors.ts';
import * as repo from './backoffice.repository.ts';
import { DEFAULT_WORKFLOW, workflowProblems, type WorkflowStep } from './backoffice.workflow.ts';

const ADMIN_ROLES = ['agency_admin'];

/** Workflows per procedure case, set by a system administrator or an agency administrator of the procedure's agency. */
export function createWorkflowAdmin(bo: BackofficeContext) {
  async function authorise(actor: Actor | undefined, procedureCode: string) {
    const scope = agencyScopeOf(actor, ADMIN_ROLES);
    if (!scope) throw BackofficeErrors.forbiddenAdmin();
    const procedure = await bo.catalog.findPublishedProcedure(procedureCode);
    if (!procedure) throw BackofficeErrors.invalidInput('No such procedure', [{ field: 'procedure', message: 'No such procedure' }]);
    if (!scopeCovers(scope, procedure.document.competentAgency)) throw BackofficeErrors.forbiddenAdmin();
    return procedure;
  }

  return {
    /** The workflow page itself is for administrators only, before any procedure is chosen. */
    assertWorkflowAdmin(actor: Actor | undefined): void {
      if (!agencyScopeOf(actor, ADMIN_ROLES)) throw BackofficeErrors.forbiddenAdmin();
    },

    async getWorkflow(actor: Actor | undefined, procedureCode: string, caseCode: string) {
      const procedure = await authorise(actor, procedureCode);
      const stored = await repo.findWorkflow(bo.db, procedure.code, caseCode);
      return { procedure, caseCode, steps: stored ?? [...DEFAULT_WORKFLOW], isDefault: stored === undefined };
    },

    async saveWorkflow(actor: Actor | undefined, procedureCode: string, caseCode: string, steps: WorkflowStep[]) {
      const procedure = await authorise(actor, procedureCode);
      if (!procedure.document.cases.some((c) => c.code === caseCode)) throw BackofficeErrors.invalidInput('No such case', [{ field: 'case', message: 'No such case' }]);
      const problems = workflowProblems(steps);
      if (problems.length > 0) throw BackofficeErrors.workflowInvalid(problems.map((p) => ({ field: `steps.${p}`, message: p })));
      await bo.db.transaction().execute(async (tx) => {
        await repo.saveWorkflowInTx(tx, procedure.code, caseCode, steps, (actor as Actor).accountId);
        await appendAuditInTx(tx, { actor: (actor as Actor).accountId, action: 'backoffice.workflow_saved', entityType: 'procedure', entityId: `${procedure.code}#${caseCode}`, data: { steps } });
      });
    },
  };
}
