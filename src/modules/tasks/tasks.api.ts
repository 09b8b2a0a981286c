import type { createTasksImport } from './tasks.import.ts';
import type { TaskIndicators } from './tasks.indicators.ts';
import type { createTasksQueries } from './tasks.queries.ts';
import type { createTasksService } from './tasks.service.ts';

/** What other modules (the e-Cabinet's pages), the CLI and tests may ask of task tracking: each use case authorises its actor. */
type Service = ReturnType<typeof createTasksService>;
type Queries = ReturnType<typeof createTasksQueries>;

export interface TasksApi {
  assign: Service['assign'];
  accept: Service['accept'];
  askClarification: Service['askClarification'];
  answerClarification: Service['answerClarification'];
  reportProgress: Service['reportProgress'];
  complete: Service['complete'];
  requestExtension: Service['requestExtension'];
  decideExtension: Service['decideExtension'];
  evaluate: Service['evaluate'];
  /** The Government Office or the lead agency sets the reporting indicators a task moves. */
  linkIndicators: TaskIndicators['linkIndicators'];
  /** The tasks that move a reporting indicator, scoped to the viewer (none for someone who follows no tasks). */
  tasksOfIndicator: TaskIndicators['tasksOfIndicator'];
  get: Service['get'];
  agencyTasks: Queries['agencyTasks'];
  overdue: Queries['overdue'];
  completionRates: Queries['completionRates'];
  byAgency: Queries['byAgency'];
  tasksAnsweredBy: Queries['tasksAnsweredBy'];
  /**
   * The tasks of these cabinet agenda items' conclusions, with the documents and reports that
   * answered them. For the e-Cabinet's pages, which authorise their reader to the conclusion first.
   */
  tasksOfCabinetItems: Queries['tasksOfCabinetItems'];
  /** Excel import of task lists (Government Office monitors), checked row by row. */
  importWorkbook: ReturnType<typeof createTasksImport>['importWorkbook'];
}

