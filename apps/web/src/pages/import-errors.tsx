import { useApp } from '../context';

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
  column?: string | null;
}

/** The rows of an uploaded file at fault: line, column as the file names it, and the problem. */
export function ImportErrorsTable({ errors, caption }: { errors: ImportRowError[]; caption?: string }) {
  const { t } = useApp();
  return (
    <div class="table-wrap" tabIndex={0}>
      <table class="import-errors">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('import.row')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((er, i) => (
            <tr key={i}>
              <td>{er.row}</td>
              <td>{er.column ?? er.field}</td>
              <td>{er.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
