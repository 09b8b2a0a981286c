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

/**
 * A link of the lineage (issue #16, item 4) made or undone, for the operations center: a task
 * and the indicator it moves (`indicator`, a reporting indicator code), or the exchange document
 * that answered it (`document`, a DocumentId: a progress report's or the completion's product).
 * With `cabinetItemId`, a consumer follows conclusion → task → document / indicator, both ways.
 */
export const TaskLinked = Type.Object({
  taskId: Type.Integer({ minimum: 1 }),
  cabinetItemId: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  leadAgencyCode: Type.String({ minLength: 1 }),
  link: Type.Union([Type.Literal('indicator'), Type.Literal('document')]),
  ref: Type.String({ minLength: 1 }),
  change: Type.Union([Type.Literal('added'), Type.Literal('removed')]),
});
export type TaskLinked = Static<typeof TaskLinked>;

export const TASKS_FACTS = {
  'tasks.task_changed': TaskChanged,
  'tasks.task_linked': TaskLinked,
};
