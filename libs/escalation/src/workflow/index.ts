export {
  WorkflowOutboxProjection,
  WORKFLOW_OUTBOX_TABLE,
  WORKFLOW_EVENTS,
  WORKFLOW_NOTICE_MAX_AGE_MS,
  type WorkflowEvent,
} from './workflow-outbox-projection';
export { WorkflowNoticeIssuer, workflowNoticeId } from './workflow-issuer';
