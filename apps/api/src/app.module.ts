import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import type { Clock } from '@app/domain';
import type { DestinationStream } from 'pino';
import { APP_CONFIG, AppConfig, PlatformModule } from '@app/platform';
import { WorkerModule, allReadModels } from '@app/runtime';
import { AgenciesController } from './agencies/agencies.controller';
import { AgencyService } from './agencies/agency.service';
import { AuditController } from './audit/audit.controller';
import { AuthGuard } from './auth/auth.guard';
import { TokenRegistry } from './auth/token-registry';
import { AuthTables } from './auth/auth-tables';
import { MeController } from './auth/me.controller';
import { OidcSignIn } from './auth/oidc/oidc-sign-in';
import { PersonalTokens } from './auth/people/personal-tokens';
import { SecurityEvents } from './auth/people/security-events';
import { SignInService } from './auth/people/sign-in.service';
import { SecurityEventsController } from './auth/security-events.controller';
import { SignInController } from './auth/sign-in.controller';
import { EditionsController } from './editions/editions.controller';
import { ImportsController } from './imports/imports.controller';
import { NoticePlan } from './tasks/notice-plan';
import { EditionsService } from './editions/editions.service';
import { PeopleService } from './people/people.service';
import { PeopleImport } from './people/people-import';
import { UsersController } from './people/users.controller';
import { HealthController } from './health/health.controller';
import { OperationsModule, RateLimitGuard } from './admin/operations.module';
import { ErrorFilter } from './http/error.filter';
import { CommandService } from './http/command.service';
import { SettingsController } from './settings/settings.controller';
import { LetterTemplatesController } from './settings/letter-templates.controller';
import { TaskCommandsController } from './tasks/task-commands.controller';
import { AttachmentsController } from './tasks/attachments.controller';
import { TaskQueriesController } from './tasks/task-queries.controller';
import { InboxController } from './tasks/inbox.controller';
import { TaskService } from './tasks/task.service';
import { RulesController } from './rules/rules.controller';
import { RulesService } from './rules/rules.service';
import { ReportsController } from './reports/reports.controller';
import { ReportService } from './reports/report.service';
import { NotificationsController } from './notifications/notifications.controller';
import { AcknowledgementsController } from './acknowledgements/acknowledgements.controller';
import { WebConsoleModule } from './web/web-console.module';
import { WORKER_IN_PROCESS } from './health/health.controller';

export interface ApiOptions {
  /** single-node mode: the worker (projector, scanner, mail) runs in this process too */
  withWorker: boolean;
  clock?: Clock;
  /** where the JSON logs go (stdout by default; tests capture them) */
  logDestination?: DestinationStream;
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config, { clock: options.clock, readModels: allReadModels }),
        EventEmitterModule.forRoot(),
        OperationsModule.forRoot(config, options.logDestination),
        ...(options.withWorker ? [WorkerModule] : []),
        WebConsoleModule,
      ],
      controllers: [
        HealthController,
        AgenciesController,
        TaskCommandsController,
        AttachmentsController,
        TaskQueriesController,
        InboxController,
        SettingsController,
        LetterTemplatesController,
        AuditController,
        RulesController,
        ReportsController,
        NotificationsController,
        AcknowledgementsController,
        UsersController,
        SignInController,
        MeController,
        SecurityEventsController,
        EditionsController,
        ImportsController,
      ],
      providers: [
        {
          provide: TokenRegistry,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => TokenRegistry.withBootstrapAdmin(c.AUTH_TOKENS, c.DATA_DIR),
        },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        CommandService,
        AuthTables,
        PeopleService,
        PeopleImport,
        SecurityEvents,
        SignInService,
        PersonalTokens,
        OidcSignIn,
        EditionsService,
        NoticePlan,
        AgencyService,
        TaskService,
        RulesService,
        ReportService,
        { provide: WORKER_IN_PROCESS, useValue: options.withWorker },
      ],
    };
  }
}
