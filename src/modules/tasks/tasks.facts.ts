import { Type, type Static } from 'typebox';

/**
 * A task changed (assigned, accepted, reported on, completed, evaluated, its deadline moved …):
 * for the operations center and any read model. `cabinetItemId` carries the lineage from a
 * cabinet conclusion; `documentId` the exchange document that answered the task, when one did.
 */
export const TaskChanged = Type.Object({
  taskId: Type.Integer({ minimum: 1 }),
  event: Type.String({ minLength: 1 }),
  status: Type.String({ minLength: 1 }),
  leadAgencyCode: Type.String({ minLength: 1 }),
  dueOn: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
  sourceKind: Type.String({ minLength: 1 }),
  cabinetItemId: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  documentId: Type.Optional(Type.String({ minLength: 1 })),
  evaluation: Type.Optional(Type.String({ minLength: 1 })),
  progressPercent: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type TaskChanged = Static<typeof TaskChanged>;

export const TASKS_FACTS = {
  'tasks.task_changed': TaskChanged,
};
