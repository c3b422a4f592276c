export { WorkflowOutboxProjection, WORKFLOW_OUTBOX_TABLE, WORKFLOW_EVENTS, type WorkflowEvent } from './workflow-outbox-projection';
export { WorkflowNoticeIssuer, WORKFLOW_NOTICE_MAX_AGE_MS, workflowNoticeId } from './workflow-issuer';
