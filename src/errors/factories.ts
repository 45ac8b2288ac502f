// Small factories for the errors Eddy raises, one per PostgreSQL condition, so that the SQLSTATE
// is chosen where the error is raised. Messages follow PostgreSQL's wording.
import { EddyError, type ErrorFields } from './error.js';

const make =
  (code: string) =>
  (message: string, fields?: ErrorFields): EddyError =>
    new EddyError(code, message, fields);

// Class 0A — feature not supported
export const featureNotSupported = make('0A000');
// Class 08 — connection exception / protocol violation
export const protocolViolation = make('08P01');
// Class 22 — data exception
export const dataException = make('22000');
export const numericValueOutOfRange = make('22003');
export const divisionByZero = (): EddyError => new EddyError('22012', 'division by zero');
export const invalidTextRepresentation = make('22P02');
export const invalidDatetimeFormat = make('22007');
export const datetimeFieldOverflow = make('22008');
export const stringDataRightTruncation = make('22001');
export const invalidParameterValue = make('22023');
export const invalidEscapeSequence = make('22025');
export const substringError = make('22011');
export const invalidRegularExpression = make('2201B');
export const nullValueNotAllowed = make('22004');
export const invalidBinaryRepresentation = make('22P03');
export const characterNotInRepertoire = make('22021');
export const arraySubscriptError = make('2202E');
export const invalidJsonText = make('22P02');
export const cardinalityViolation = make('21000');
export const invalidArgumentForLogarithm = make('2201E');
export const invalidArgumentForPowerFunction = make('2201F');
export const invalidArgumentForWidthBucketFunction = make('2201G');
export const invalidRowCountInLimitClause = make('2201W');
export const invalidRowCountInResultOffsetClause = make('2201X');
export const invalidArgumentForNtileFunction = make('22014');
export const invalidArgumentForNthValueFunction = make('22016');
export const untranslatableCharacter = make('22P05');
// Class 23 — integrity constraint violation
export const notNullViolation = make('23502');
export const uniqueViolation = make('23505');
// Class 40 — transaction rollback
export const serializationFailure = make('40001');
// Class 25 — invalid transaction state
export const activeSqlTransaction = make('25001');
export const noActiveSqlTransaction = make('25P01');
export const inFailedSqlTransaction = (): EddyError =>
  new EddyError(
    '25P02',
    'current transaction is aborted, commands ignored until end of transaction block',
  );
export const readOnlySqlTransaction = make('25006');
// Class 26/34 — invalid statement / cursor name
export const invalidSqlStatementName = make('26000');
export const invalidCursorName = make('34000');
// Class 3B — savepoint exception
export const invalidSavepointSpecification = make('3B001');
// Class 3D — invalid catalog name
export const invalidCatalogName = make('3D000');
export const invalidSchemaName = make('3F000');
// Class 42 — syntax error or access rule violation
export const syntaxError = make('42601');
export const undefinedColumn = (name: string, position?: number): EddyError =>
  new EddyError('42703', `column "${name}" does not exist`, { position });
export const undefinedTable = (name: string, position?: number): EddyError =>
  new EddyError('42P01', `relation "${name}" does not exist`, { position });
export const undefinedFunction = make('42883');
export const undefinedObject = make('42704');
export const undefinedSchema = (name: string): EddyError =>
  new EddyError('3F000', `schema "${name}" does not exist`);
export const undefinedDatabase = (name: string): EddyError =>
  new EddyError('3D000', `database "${name}" does not exist`);
export const undefinedParameter = make('42P02');
export const duplicateTable = make('42P07');
export const duplicateColumn = make('42701');
export const duplicateSchema = make('42P06');
export const duplicateDatabase = make('42P04');
export const duplicateObject = make('42710');
export const duplicateAlias = make('42712');
export const duplicatePreparedStatement = make('42P05');
export const duplicateCursor = make('42P03');
export const ambiguousColumn = make('42702');
export const ambiguousFunction = make('42725');
export const ambiguousAlias = make('42P09');
export const datatypeMismatch = make('42804');
export const cannotCoerce = make('42846');
export const groupingError = make('42803');
export const windowingError = make('42P20');
export const invalidColumnReference = make('42P10');
export const invalidRecursion = make('42P19');
export const wrongObjectType = make('42809');
export const invalidTableDefinition = make('42P16');
export const invalidColumnDefinition = make('42611');
export const indeterminateDatatype = make('42P18');
export const dependentObjectsStillExist = make('2BP01');
export const invalidName = make('42602');
export const nameTooLong = make('42622');
export const insufficientPrivilege = make('42501');
export const objectInUse = make('55006');
export const objectNotInPrerequisiteState = make('55000');
export const programLimitExceeded = make('54000');
export const statementTooComplex = make('54001');
// Class 57 — operator intervention
export const queryCanceled = (): EddyError =>
  new EddyError('57014', 'canceling statement due to user request');
export const adminShutdown = (): EddyError =>
  new EddyError('57P01', 'terminating connection due to administrator command', {
    severity: 'FATAL',
  });
// Class 53 — insufficient resources
export const outOfMemory = make('53200');
// Class XX — internal error
export const internalError = (message: string): EddyError => new EddyError('XX000', message);
// Added by the types helper (date/time input errors).
export const intervalFieldOverflow = make('22015');
export const invalidTimeZoneDisplacement = make('22009');
