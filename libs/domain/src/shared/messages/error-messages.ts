/**
 * The Vietnamese of the engine's error messages. Messages are written in English where the error
 * is raised (beside the rule that raises it, like a log line); this catalogue renders them for
 * the caller. Programs read the stable `code` and `field`, never the message.
 *
 * Each entry is the English message as a pattern and its Vietnamese; captured parts (a field, a
 * code, a number) are carried over as $1, $2. Wording follows the Government Office's usage
 * (nhiệm vụ, cơ quan chủ trì/phối hợp, thời hạn, gia hạn, vướng mắc).
 */
/** The Vietnamese as a replacement string ($1…) or, when captured parts need words of their own, a function of them. */
export type Entry = readonly [english: RegExp, vietnamese: string | ((...captured: string[]) => string)];

/** Messages naming a field (`details[].message`). */
export const FIELD_MESSAGES: readonly Entry[] = [
  [/^is required$/, 'là bắt buộc'],
  [/^is required: (.+)$/, 'là bắt buộc: $1'],
  [/^must be text$/, 'phải là văn bản'],
  [/^is longer than (\d+) characters$/, 'dài quá $1 ký tự'],
  [/^is not valid Unicode text$/, 'không phải văn bản Unicode hợp lệ'],
  [/^contains control characters$/, 'chứa ký tự điều khiển'],
  [/^must be a single line without control characters$/, 'phải trên một dòng, không có ký tự điều khiển'],
  [/^must not start or end with spaces$/, 'không được bắt đầu hoặc kết thúc bằng dấu cách'],
  [/^"(.*)" is not an email address$/, '"$1" không phải là địa chỉ email'],
  [/^must be a JSON object$/, 'phải là một đối tượng JSON'],
  [/^malformed JSON$/, 'JSON sai cú pháp'],
  [/^too large$/, 'quá lớn'],
  [/^unreadable$/, 'không đọc được'],
  [/^must be one of (.+)$/, 'phải là một trong các giá trị: $1'],
  [/^must be an ISO-8601 time with offset or a YYYY-MM-DD date$/, 'phải là thời điểm ISO-8601 có múi giờ hoặc ngày dạng YYYY-MM-DD'],
  [/^must not be in the future$/, 'không được ở thời điểm tương lai'],
  [/^must be a whole number from 0 to 100$/, 'phải là số nguyên từ 0 đến 100'],
  [/^must be a whole number from (\d+) to (\d+)$/, 'phải là số nguyên từ $1 đến $2'],
  [/^must be HH:mm, e\.g\. (.+)$/, 'phải là giờ dạng HH:mm, ví dụ $1'],
  [/^must name at least one email address$/, 'phải có ít nhất một địa chỉ email'],
  [/^must be lower-case letters, digits and -$/, 'chỉ được gồm chữ thường không dấu, chữ số và dấu -'],
  [/^is used by another schedule$/, 'đã được dùng cho một lịch khác'],
  [/^has an error on line (\d+): (.+)$/, 'có lỗi cú pháp ở dòng $1: $2'],
  [/^has an error: (.+)$/, 'có lỗi cú pháp: $1'],
  [/^uses "(.+)", which letters do not have \(line (\d+)\)$/, 'dùng trường "$1" mà thư không có (dòng $2)'],
  [/^cannot be rendered: (.+)$/, 'không tạo được thư từ mẫu này: $1'],
  [/^must be a PDF, DOCX, XLSX, PNG or JPEG file$/, 'phải là tệp PDF, DOCX, XLSX, PNG hoặc JPEG (xác định theo nội dung tệp)'],
  [/^is empty$/, 'là tệp rỗng'],
  [/^larger than (\d+) MB$/, 'lớn hơn $1 MB'],
  [/^must be an integer from (\S+) to (\S+)$/, 'phải là số nguyên từ $1 đến $2'],
  [/^must be an integer$/, 'phải là số nguyên'],
  [/^must be between (\S+) and (\S+)$/, 'phải nằm trong khoảng $1 đến $2'],
  [/^must be true or false$/, 'phải là true hoặc false'],
  [/^must be a list$/, 'phải là một danh sách'],
  [/^must be a list of (.+)$/, 'phải là danh sách $1'],
  [/^has (\d+) entries; at most (\d+) are allowed$/, 'có $1 phần tử; tối đa $2'],
  [/^has more than (\d+) entries$/, 'có quá $1 phần tử'],
  [/^is not a registered agency code$/, 'không phải mã của một cơ quan đã đăng ký'],
  [/^is on line (\d+) too$/, 'trùng với dòng $1'],
  [/^has no rows of people under its header$/, 'không có dòng nào ghi người dùng dưới dòng tiêu đề'],
  [/^the first line must be a header row with an email column \("Thư điện tử"\)$/, 'dòng đầu phải là dòng tiêu đề có cột "Thư điện tử"'],
  [/^no sheet has a header row with an email column \("Thư điện tử"\)$/, 'không trang tính nào có dòng tiêu đề với cột "Thư điện tử"'],
  [/^the file is not an Excel workbook \(\.xlsx\)$/, 'tệp không phải bảng tính Excel (.xlsx)'],
  [/^the CSV cannot be read: (.+)$/, 'không đọc được tệp CSV: $1'],
  [/^(.+) leads the task and cannot also coordinate it$/, '$1 là cơ quan chủ trì, không thể đồng thời là cơ quan phối hợp'],
  [/^the task is already led by (.+)$/, 'nhiệm vụ đã do $1 chủ trì'],
  [/^is before the task was assigned \((.+)\)$/, 'trước thời điểm giao nhiệm vụ ($1)'],
  [/^falls due (.+), not after the deadline in force \((.+)\)$/, 'đến hạn $1, không muộn hơn thời hạn hiện hành ($2)'],
  [/^must be a date, a month, a quarter or a year, not "ongoing"$/, 'phải là một ngày, tháng, quý hoặc năm, không phải "thường xuyên"'],
  [/^no extension request (.+) on this task$/, 'nhiệm vụ không có đề nghị gia hạn $1'],
  [/^must be \{name, email\}$/, 'phải có dạng {name, email}'],
  [/^must be \{kind, ref, issuedOn\?\}$/, 'phải có dạng {kind, ref, issuedOn?}'],
  [/^must be a date YYYY-MM-DD$/, 'phải là ngày dạng YYYY-MM-DD'],
  [/^is not a real date$/, 'không phải là ngày có thật'],
  [/^must be a four-digit year$/, 'phải là năm gồm bốn chữ số'],
  [/^must be 1-200 printable characters$/, 'phải gồm 1-200 ký tự in được'],
  [/^contains a NUL character or invalid Unicode$/, 'chứa ký tự NUL hoặc Unicode không hợp lệ'],
  [/^has a key with a NUL character or invalid Unicode$/, 'có khóa chứa ký tự NUL hoặc Unicode không hợp lệ'],
  [/^is nested deeper than (\d+) levels$/, 'lồng sâu quá $1 cấp'],
  [/^must be given once, as plain text$/, 'chỉ được cho một lần, dạng văn bản'],
  [/^is not valid percent-encoding$/, 'mã hóa phần trăm (percent-encoding) không hợp lệ'],
  [
    /^needs a level of 1 or more \(letters of a lower level to wait on\)$/,
    'cần cấp độ từ 1 trở lên (để chờ xác nhận của các thư cấp thấp hơn)',
  ],
  [/^is not a cursor this API returned$/, 'không phải con trỏ phân trang do API này trả về'],
  [/^not reached yet$/, 'chưa tới vị trí này'],
  [/^contains an invisible character \((.+)\)$/, 'chứa ký tự vô hình ($1)'],
  [/^is required for the agency role$/, 'là bắt buộc với vai trò cán bộ cơ quan'],
  [/^is required for a focal point$/, 'là bắt buộc với đầu mối theo dõi'],
  [/^is not a telephone number$/, 'không phải là số điện thoại'],
  [/^must be at least (\d+) characters$/, 'phải có ít nhất $1 ký tự'],
  [/^is too common or too easy to guess$/, 'quá phổ biến hoặc quá dễ đoán'],
  [/^is unknown, already used or expired$/, 'không hợp lệ, đã được sử dụng hoặc đã hết hạn'],
  [/^is missing or wrong$/, 'bị thiếu hoặc không đúng'],
  [/^must be one file in the field "file"$/, 'phải gửi đúng một tệp trong trường "file"'],
  [/^is wrong or already used$/, 'không đúng hoặc đã được sử dụng'],
  [/^contains a bidirectional control character \((.+)\)$/, 'chứa ký tự điều khiển hướng chữ ($1)'],
  [
    /^may hold only Latin letters \(Vietnamese included\), digits 0-9 and (.+), starting with a letter or digit(?:; found (.+?))?(, a letter of another script)?$/,
    (punctuation, found, otherScript) =>
      `chỉ được gồm chữ cái Latinh (kể cả chữ tiếng Việt), chữ số 0-9 và ${punctuation.replace(' and ', ' và ')}, bắt đầu bằng chữ hoặc số` +
      (found ? `; có ký tự ${found}${otherScript ? ', là chữ của hệ chữ khác' : ''}` : ''),
  ],
  [
    /^must be 1-64 letters, digits, "-" or "_", starting with a letter or digit$/,
    'phải gồm 1-64 chữ cái, chữ số, "-" hoặc "_", bắt đầu bằng chữ hoặc số',
  ],
  [/^must be (.+) \(the id in the path\) or omitted$/, 'phải là $1 (mã trong đường dẫn) hoặc bỏ trống'],
  [
    /^must be the positive integer version the change is based on, or omitted$/,
    'phải là số phiên bản (nguyên dương) mà thay đổi dựa trên, hoặc bỏ trống',
  ],
  [/^must be a local time HH:mm(.*)$/, 'phải là giờ địa phương dạng HH:mm$1'],
  [/^must be later than start (.+) \(windows do not cross midnight\)$/, 'phải muộn hơn giờ bắt đầu $1 (khung giờ không vắt qua nửa đêm)'],
  [/^unknown field \(expected (?:one of )?(.+)\)$/, 'là trường không được chấp nhận (các trường được chấp nhận: $1)'],
  [/^must not be before from$/, 'không được trước from'],
  [/^must be at most (\d+) days after from$/, 'không được sau from quá $1 ngày'],
  [/^needs at least one of (.+)$/, 'cần ít nhất một trong: $1'],
  [/^must be null or (.+)$/, 'phải là null hoặc $1'],
  [/^must be an object (.+)$/, 'phải là đối tượng $1'],
  [/^(.+); expected a date YYYY-MM-DD or dd\/mm\/yyyy, .+$/, (why) => `${deadlineFault(why)}; ${ACCEPTED_DEADLINE_FORMS_VI}`],
  [/^(.+); expected (.+)$/, 'thời hạn không hợp lệ ($1); các dạng được chấp nhận: $2'],
];

/** Whole-error messages (`error.message`) other than the field list of a 400. */
export const ERROR_MESSAGES: readonly Entry[] = [
  [/^task not found$/, 'Không tìm thấy nhiệm vụ'],
  [/^agency not found$/, 'Không tìm thấy cơ quan'],
  [/^blocker not found$/, 'Không tìm thấy vướng mắc'],
  [/^extension request not found$/, 'Không tìm thấy đề nghị gia hạn'],
  [/^reminder rule (.+) not found$/, 'Không tìm thấy quy tắc nhắc việc $1'],
  [/^(.+) not found$/, 'Không tìm thấy: $1'],
  [/^missing bearer token$/, 'Thiếu mã truy cập (bearer token)'],
  [/^unknown token$/, 'Mã truy cập không hợp lệ'],
  [/^this task belongs to another agency$/, 'Nhiệm vụ này thuộc cơ quan khác'],
  [/^only the lead agency may act on this task$/, 'Chỉ cơ quan chủ trì được thao tác trên nhiệm vụ này'],
  [/^role (\S+) may not do this$/, 'Vai trò $1 không được thực hiện thao tác này'],
  [/^agency officers may not (\S+)$/, 'Cán bộ cơ quan không được thực hiện $1'],
  [/^only coordinators and admins may set (\S+)$/, 'Chỉ điều phối viên và quản trị viên được đặt $1'],
  [/^this agency token names no agency$/, 'Mã truy cập của cơ quan này không gắn với cơ quan nào'],
  [/^agency officers see reports on their own agency \((.+)\)$/, 'Cán bộ cơ quan chỉ xem báo cáo của cơ quan mình ($1)'],
  [/^task (.+) already exists$/, 'Nhiệm vụ $1 đã tồn tại'],
  [/^agency (.+) already exists$/, 'Cơ quan $1 đã tồn tại'],
  [/^blocker (.+) already exists$/, 'Vướng mắc $1 đã tồn tại'],
  [/^extension request (.+) already exists$/, 'Đề nghị gia hạn $1 đã tồn tại'],
  [/^extension request (.+) was already approved$/, 'Đề nghị gia hạn $1 đã được chấp thuận'],
  [/^extension request (.+) was already refused$/, 'Đề nghị gia hạn $1 đã bị từ chối'],
  [/^extension request not found$/, 'Không tìm thấy đề nghị gia hạn'],
  [/^blocker (.+) was already resolved$/, 'Vướng mắc $1 đã được giải quyết'],
  [/^reminder rule (.+) already exists$/, 'Quy tắc nhắc việc $1 đã tồn tại'],
  [/^reminder rule (.+) was deleted; its id cannot be reused$/, 'Quy tắc nhắc việc $1 đã bị xóa; không thể dùng lại mã này'],
  [
    /^reminder rule (.+) is at version (\d+), not (\d+); read it again$/,
    'Quy tắc nhắc việc $1 đang ở phiên bản $2, không phải $3; hãy tải lại',
  ],
  [/^this Idempotency-Key was already used with a different request$/, 'Idempotency-Key này đã được dùng cho một yêu cầu khác'],
  [/^cannot (.+) task (.+): it was cancelled$/, 'Không thể thao tác trên nhiệm vụ $2: nhiệm vụ đã bị hủy'],
  [
    /^cannot (.+) task (.+): it is completed \(reopen it first\)$/,
    'Không thể thao tác trên nhiệm vụ $2: nhiệm vụ đã hoàn thành (cần mở lại trước)',
  ],
  [/^task (.+) already has a completion report awaiting confirmation$/, 'Nhiệm vụ $1 đã có báo cáo hoàn thành đang chờ xác nhận'],
  [
    /^cannot (.+) task (.+): no completion report awaits confirmation$/,
    'Không thể thao tác trên nhiệm vụ $2: không có báo cáo hoàn thành nào đang chờ xác nhận',
  ],
  [/^cannot reopen task (.+): it is not completed$/, 'Không thể mở lại nhiệm vụ $1: nhiệm vụ chưa hoàn thành'],
  [
    /^cannot (.+) task (.+): it is ongoing and has no deadline$/,
    'Không thể thao tác trên nhiệm vụ $2: nhiệm vụ thường xuyên, không có thời hạn',
  ],
  [/^the task was changed concurrently; read it again and retry$/, 'Nhiệm vụ vừa được thay đổi đồng thời; hãy tải lại và thử lại'],
  [/^the request body is not valid JSON$/, 'Nội dung yêu cầu không phải JSON hợp lệ'],
  [/^the request body is too large$/, 'Nội dung yêu cầu quá lớn'],
  [/^the request body is larger than 2 MB$/, 'Nội dung yêu cầu lớn hơn 2 MB'],
  [/^the request body could not be read$/, 'Không đọc được nội dung yêu cầu'],
  [/^the database is unreachable; retry shortly$/, 'Cơ sở dữ liệu tạm thời không truy cập được; hãy thử lại sau giây lát'],
  [/^the database did not answer in time; retry shortly$/, 'Cơ sở dữ liệu không trả lời kịp; hãy thử lại sau giây lát'],
  [/^internal error$/, 'Lỗi hệ thống'],
  [/^wrong email or password$/, 'Email hoặc mật khẩu không đúng'],
  [/^the file is too large$/, 'Tệp quá lớn'],
  [/^file: must be one file in the field "file"$/, 'file: phải gửi đúng một tệp trong trường "file"'],
  [/^too many failed sign-ins: try again later$/, 'Đăng nhập sai quá nhiều lần; hãy thử lại sau'],
  [/^enter the 6-digit code of your authenticator app$/, 'Nhập mã 6 chữ số trên ứng dụng xác thực'],
  [/^wrong or already used code$/, 'Mã xác thực không đúng hoặc đã được sử dụng'],
  [/^the session has ended: sign in again$/, 'Phiên làm việc đã kết thúc: hãy đăng nhập lại'],
  [/^the X-CSRF-Token header is missing or wrong$/, 'Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token)'],
  [
    /^this link is unknown, already used or expired: ask for a new one$/,
    'Đường dẫn không hợp lệ, đã được sử dụng hoặc đã hết hạn: hãy đề nghị gửi lại',
  ],
  [/^this link was used already$/, 'Đường dẫn đã được sử dụng'],
  [
    /^this acknowledgement link is not valid: it was altered, or the engine did not make it$/,
    'Đường dẫn xác nhận không hợp lệ: đường dẫn đã bị sửa đổi hoặc không do Hệ thống gửi',
  ],
  [/^no letter of this acknowledgement link was found$/, 'Không tìm thấy thư của đường dẫn xác nhận này'],
  [/^receipt of this letter was acknowledged already$/, 'Việc nhận thư này đã được xác nhận trước đó; đường dẫn chỉ dùng được một lần'],
  [/^this acknowledgement link has expired$/, 'Đường dẫn xác nhận đã hết hạn'],
  [/^this account is disabled$/, 'Tài khoản đã bị khóa'],
  [/^this person is disabled$/, 'Người dùng này đã bị khóa'],
  [/^(.+) belongs to another person$/, '$1 đã thuộc về người dùng khác'],
  [/^you cannot disable yourself$/, 'Không thể tự khóa tài khoản của chính mình'],
  [/^set up the second factor \(authenticator app\) first$/, 'Cần thiết lập xác thực hai lớp (ứng dụng xác thực) trước'],
  [/^a second factor is set up already: remove it first$/, 'Xác thực hai lớp đã được thiết lập: hãy gỡ trước'],
  [/^begin with POST \/me\/totp$/, 'Hãy bắt đầu bằng POST /me/totp'],
  [/^your role requires a second factor$/, 'Vai trò của đồng chí bắt buộc xác thực hai lớp'],
  [/^a token is not signed in: revoke it instead$/, 'Mã truy cập không có phiên đăng nhập: hãy thu hồi mã'],
  [/^sign in as a person \(configured tokens have no personal settings\)$/, 'Hãy đăng nhập bằng tài khoản cá nhân'],
  [
    /^the identity provider does not answer; try again or sign in with a password$/,
    'Hệ thống đăng nhập một lần không phản hồi; hãy thử lại hoặc đăng nhập bằng mật khẩu',
  ],
  [
    /^too many requests; retry after the number of seconds in Retry-After$/,
    'Quá nhiều yêu cầu; hãy thử lại sau số giây ghi trong Retry-After',
  ],
];

/** What an error of each code says when no entry above renders its message. */
export const CODE_MESSAGES: Readonly<Record<string, string>> = {
  validation_failed: 'Dữ liệu không hợp lệ',
  bad_request: 'Yêu cầu không hợp lệ',
  malformed_json: 'Nội dung yêu cầu không phải JSON hợp lệ',
  unauthorized: 'Chưa xác thực',
  forbidden: 'Không có quyền thực hiện thao tác này',
  not_found: 'Không tìm thấy',
  method_not_allowed: 'Phương thức không được hỗ trợ',
  conflict: 'Xung đột với trạng thái hiện tại',
  invalid_transition: 'Thao tác không hợp lệ với trạng thái hiện tại',
  version_conflict: 'Dữ liệu vừa được thay đổi; hãy tải lại và thử lại',
  payload_too_large: 'Nội dung yêu cầu quá lớn',
  unsupported_media_type: 'Kiểu nội dung không được hỗ trợ',
  too_many_requests: 'Quá nhiều yêu cầu; hãy thử lại sau',
  read_model_lag: 'Dữ liệu đọc chưa cập nhật kịp; hãy thử lại sau giây lát',
  unavailable: 'Dịch vụ tạm thời không sẵn sàng; hãy thử lại sau',
  internal_error: 'Lỗi hệ thống',
  invalid_credentials: 'Email hoặc mật khẩu không đúng',
  locked_out: 'Đăng nhập sai quá nhiều lần; hãy thử lại sau',
  session_ended: 'Phiên làm việc đã kết thúc',
  csrf_token_invalid: 'Thiếu hoặc sai mã chống giả mạo yêu cầu',
  duplicate_email: 'Email đã thuộc về người dùng khác',
  acknowledgement_invalid: 'Đường dẫn xác nhận không hợp lệ',
  acknowledgement_used: 'Việc nhận thư này đã được xác nhận trước đó',
  acknowledgement_expired: 'Đường dẫn xác nhận đã hết hạn',
};

/** ACCEPTED_DEADLINE_FORMS (deadline-expression.ts) in Vietnamese; a unit test keeps their examples the same. */
export const ACCEPTED_DEADLINE_FORMS_VI =
  'các dạng được chấp nhận: ngày YYYY-MM-DD hoặc dd/mm/yyyy, tháng MM/YYYY, quý Q1/YYYY..Q4/YYYY, năm YYYY, "thường xuyên" ("ongoing"), ' +
  'và như văn bản chỉ đạo viết: "trong Quý I/2026", "trong tháng 01/2026", "trong năm 2026", "cuối năm 2026", ' +
  '"giữa năm 2026", "giữa tháng 3/2026", "trước ngày 15/01/2026", "chậm nhất ngày 15/01/2026"';

/** Why a deadline expression was refused (parseDeadlineExpression's reasons). */
function deadlineFault(why: string): string {
  const faults: Entry[] = [
    [/^a deadline is required$/, 'cần ghi thời hạn'],
    [/^the deadline is too long$/, 'thời hạn quá dài'],
    [/^"(.*)" has no month (.+)$/, '"$1" không có tháng $2'],
    [/^"(.*)" has no quarter (.+)$/, '"$1" không có quý $2'],
    [/^"(.*)" is not a real date$/, '"$1" không phải là ngày có thật'],
    [/^"(.*)" is not a deadline$/, '"$1" không phải là một thời hạn'],
    [/^"(.*)" has an implausible year$/, '"$1" có năm không hợp lý'],
  ];
  for (const [english, vietnamese] of faults)
    if (english.test(why) && typeof vietnamese === 'string') return why.replace(english, vietnamese);
  return `thời hạn không hợp lệ (${why})`;
}
