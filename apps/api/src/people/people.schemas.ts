import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERSON_ROLES } from '@app/domain';
import { EMAIL, Instant } from '../openapi/schema-helpers';

/** Schemas of the people and sign-in answers and bodies (documentation only: the domain's parsers validate). */

export class UserBody {
  @ApiProperty({ format: EMAIL, example: 'nguyen.van.a@mic.gov.vn', description: 'the sign-in name; one person per address' })
  email: string;
  @ApiProperty({ example: 'Nguyễn Văn A', maxLength: 200 })
  name: string;
  @ApiPropertyOptional({ example: 'Chuyên viên', maxLength: 200, nullable: true })
  title?: string | null;
  @ApiPropertyOptional({ example: '+84 24 3845 1234', nullable: true })
  phone?: string | null;
  @ApiPropertyOptional({ example: 'BKHCN', nullable: true, description: 'required with the agency role' })
  agency?: string | null;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true, example: ['agency'] })
  roles: string[];
  @ApiPropertyOptional({ description: "the agency's focal point for notices" })
  focalPoint?: boolean;
  @ApiPropertyOptional({ enum: ['vi', 'en'], default: 'vi' })
  language?: string;
}

export class AbsenceSubstitute {
  @ApiProperty({ example: 'Trần Văn Bình' })
  name: string;
  @ApiProperty({ format: EMAIL, example: 'tran.van.binh@bca.example.org' })
  email: string;
}

export class Absence {
  @ApiProperty({ format: 'date', description: 'first day away (inclusive)' })
  from: string;
  @ApiProperty({ format: 'date', description: 'last day away (inclusive)' })
  to: string;
  @ApiProperty({ type: AbsenceSubstitute, description: 'who receives the reminders and escalations addressed to the person meanwhile' })
  substitute: AbsenceSubstitute;
}

export class AbsenceBody {
  @ApiProperty({ format: 'date', description: 'first day away' })
  from: string;
  @ApiProperty({ format: 'date', description: 'last day away' })
  to: string;
  @ApiProperty({ type: AbsenceSubstitute })
  substitute: AbsenceSubstitute;
}

export class User {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: EMAIL })
  email: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: String, nullable: true })
  title: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true })
  roles: string[];
  @ApiProperty()
  focalPoint: boolean;
  @ApiProperty({ enum: ['vi', 'en'] })
  language: string;
  @ApiProperty({ enum: ['invited', 'active', 'disabled'] })
  status: string;
  @ApiProperty({ type: Absence, nullable: true, required: false, description: 'away over a period, with a substitute' })
  absence?: Absence | null;
}

export class UserCommandAnswer extends User {
  @ApiProperty({ type: 'integer', minimum: 1 })
  version: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'pass as minPosition to read it back' })
  position: number;
}

export class DisableBody {
  @ApiPropertyOptional({ example: 'chuyển công tác', nullable: true })
  reason?: string | null;
}

export class LoginBody {
  @ApiProperty({ format: EMAIL })
  email: string;
  @ApiProperty({ format: 'password' })
  password: string;
  @ApiPropertyOptional({ example: '123456', description: 'the authenticator code, when the person has a second factor' })
  totp?: string;
}

export class SignedInAnswer {
  @ApiProperty({ type: User })
  user: User;
  @ApiProperty({ description: 'send as X-CSRF-Token with every request other than GET/HEAD/OPTIONS made with the cookie' })
  csrfToken: string;
  @ApiPropertyOptional({ description: 'a role held needs a second factor: set it up (POST /me/totp) before anything else' })
  totpEnrolmentRequired?: boolean;
}

export class Me {
  @ApiProperty({ description: "the person's id (uuid), or `token:…` for a configured token" })
  id: string;
  @ApiProperty({ description: 'empty for a configured token' })
  email: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: String, nullable: true })
  title: string | null;
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
  @ApiProperty({ enum: PERSON_ROLES, isArray: true })
  roles: string[];
  @ApiProperty()
  focalPoint: boolean;
  @ApiProperty({ enum: ['vi', 'en'] })
  language: string;
  @ApiProperty({ enum: ['invited', 'active', 'disabled'] })
  status: string;
  @ApiProperty({ type: Absence, nullable: true, required: false, description: 'away over a period, with a substitute' })
  absence?: Absence | null;
  @ApiProperty({ type: String, nullable: true, description: 'null when called with a bearer token' })
  csrfToken: string | null;
  @ApiProperty({ description: 'a second factor (authenticator app) is set up' })
  totp: boolean;
  @ApiProperty({ description: 'a role held needs a second factor not set up yet' })
  totpEnrolmentRequired: boolean;
}

export class AcceptBody {
  @ApiProperty({ description: 'the token of the invitation or reset link' })
  token: string;
  @ApiProperty({ format: 'password', minLength: 12 })
  password: string;
}

export class ResetBody {
  @ApiProperty({ format: EMAIL })
  email: string;
}

export class Accepted {
  @ApiProperty({ example: true })
  accepted: boolean;
}

export class SignInOptions {
  @ApiProperty({ description: 'single sign-on is configured' })
  oidc: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Đăng nhập một lần (SSO)' })
  oidcLabel: string | null;
}

export class TokenBody {
  @ApiProperty({ example: 'báo cáo tự động', maxLength: 100 })
  name: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 366 })
  expiresInDays: number;
}

export class PersonalToken {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
  @Instant()
  createdAt: string;
  @Instant()
  expiresAt: string;
  @Instant({ nullable: true })
  revokedAt: string | null;
  @Instant({ nullable: true })
  lastUsedAt: string | null;
}

export class CreatedToken {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'shown this once; stored only as a digest' })
  token: string;
  @ApiProperty()
  name: string;
  @Instant()
  expiresAt: string;
}

export class TotpEnrolment {
  @ApiProperty({ description: 'base32 secret, for typing into an authenticator app' })
  secret: string;
  @ApiProperty({ description: 'otpauth:// link (or its QR code) for the authenticator app' })
  uri: string;
}

export class TotpConfirmBody {
  @ApiProperty({ example: '123456' })
  code: string;
}

export class SecurityEvent {
  @ApiProperty({ type: 'integer' })
  id: number;
  @Instant()
  at: string;
  @ApiProperty({ example: 'sign_in_failed' })
  kind: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  personId: string | null;
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  @ApiProperty({ type: String, nullable: true })
  address: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  detail: Record<string, unknown>;
}

export class SecurityEventPage {
  @ApiProperty({ type: [SecurityEvent] })
  items: SecurityEvent[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page' })
  nextCursor: string | null;
}

export class PeopleUpload {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: '.xlsx or .csv, one person per row under a header row (see docs/people-import.md)',
  })
  file: unknown;
}

class PeopleImportError {
  @ApiProperty({ type: 'integer', description: "the row's line in the file (its row number in the sheet)" })
  row: number;
  @ApiProperty({ example: 'email' })
  field: string;
  @ApiProperty()
  message: string;
  @ApiProperty({ type: String, nullable: true, description: 'the column header as written in the file' })
  column: string | null;
}

class PeopleImportPerson {
  @ApiProperty({ type: 'integer' })
  row: number;
  @ApiProperty()
  name: string;
  @ApiProperty({ format: EMAIL })
  email: string;
  @ApiProperty({ type: String, nullable: true })
  agency: string | null;
  @ApiProperty({ type: [String], enum: ['admin', 'coordinator', 'agency', 'auditor'] })
  roles: string[];
  @ApiProperty({ enum: ['new', 'exists'], description: 'exists: the email is in the directory already, nothing is done' })
  status: 'new' | 'exists';
}

export class PeopleImportAnswer {
  @ApiProperty({ type: 'integer', description: 'people invited (or that would be, on a dry run)' })
  created: number;
  @ApiProperty({ type: 'integer', description: 'rows whose email is already in the directory' })
  unchanged: number;
  @ApiProperty({ type: [PeopleImportError] })
  errors: PeopleImportError[];
  @ApiProperty()
  dryRun: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'pass as minPosition to read the invited people' })
  position: number | null;
  @ApiProperty({ type: [PeopleImportPerson], description: 'every good row as it is (or would be) invited' })
  people: PeopleImportPerson[];
}
