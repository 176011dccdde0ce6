# Tessera web UI — русский.

## Layout and navigation
skip-to-content = Перейти к содержимому
nav-menu = Меню
nav-main = Основная навигация
nav-tickets = Заявки
nav-admin = Администрирование
nav-settings = Настройки
user-menu = Ваша учётная запись
sign-out = Выйти
search-label = Поиск
search-placeholder = Поиск заявок или #номера
search-title = Поиск
search-results = { $count ->
    [one] Найдена { $count } заявка
    [few] Найдено { $count } заявки
   *[many] Найдено { $count } заявок
}
new-ticket = Новая заявка
go-back = Назад
close = Закрыть
save = Сохранить
cancel = Отмена
refresh = Обновить
actions = Действия
yes = Да
no = Нет
details = Сведения
conversation = Переписка

## Sign in and sign up
sign-in = Войти
sign-in-title = Вход в рабочее место
sign-up = Создать учётную запись
sign-up-title = Создание учётной записи
portal-sign-in-title = Вход в центр поддержки
portal-link = Вы клиент? Перейдите в центр поддержки
portal-no-account = Ещё нет учётной записи?
portal-have-account = Уже есть учётная запись?
login-failed = Неверный адрес электронной почты или пароль.
login-locked = { $count ->
    [one] Слишком много неудачных попыток входа. Повторите через { $count } минуту.
    [few] Слишком много неудачных попыток входа. Повторите через { $count } минуты.
   *[many] Слишком много неудачных попыток входа. Повторите через { $count } минут.
}
password-hint = Не менее 8 символов.
signup-password-mismatch = Пароли не совпадают.
signup-email-taken = Учётная запись с этим адресом уже существует. Войдите.

## Errors
error-forbidden = Нет доступа
error-forbidden-text = Ваша роль не позволяет это сделать.
error-not-found = Не найдено
error-not-found-text = Такой страницы нет, или у вас нет к ней доступа.
error-csrf = Форма устарела
error-csrf-text = Эта форма отправлена не с вашей текущей страницы. Обновите страницу и попробуйте ещё раз.
error-invalid = Не получилось
error-unavailable = Временно недоступно
error-unavailable-text = База данных не отвечает. Попробуйте чуть позже.
error-internal = Что-то пошло не так
error-internal-text = Произошла непредвиденная ошибка; она записана в журнал.

## Views and lists
views-title = Представления
view-mine = Мои открытые
view-unassigned = Не назначенные
view-group = Группа: { $name }
view-open = Все открытые
view-recent = Недавно изменённые
tickets-count = { $count ->
    [one] { $count } заявка
    [few] { $count } заявки
   *[many] { $count } заявок
}
list-empty = Здесь нет заявок. Отличная работа!
list-updated = В этом представлении есть изменения.
bulk-label = Действия с выбранными заявками
bulk-set-status = Задать статус
bulk-set-priority = Задать приоритет
bulk-add-tag = Добавить метку
bulk-invalid = Выберите заявки и действие.
bulk-failed = { $count ->
    [one] Не удалось изменить { $count } заявку.
    [few] Не удалось изменить { $count } заявки.
   *[many] Не удалось изменить { $count } заявок.
}
assign-to-me = Назначить мне
select = Выбрать
select-all = Выбрать все
tag-placeholder = метка
tags-placeholder = оплата, vpn
pager = Страницы
page-first = Первая страница
page-next = Следующая страница
unassigned = Не назначено

## Fields
field-subject = Тема
field-description = Описание
field-requester = Заявитель
field-requester-email = Эл. почта заявителя
field-requester-name = Имя заявителя
field-requester_id = Заявитель
field-status = Статус
field-type = Тип
field-impact = Влияние
field-urgency = Срочность
field-priority = Приоритет
field-category = Категория
field-tags = Метки
field-assignee_id = Исполнитель
field-group_id = Группа
field-tier = Линия поддержки
field-language = Язык
field-channel = Канал
field-created = Создана
field-updated = Изменена
field-follow_up = Продолжение
field-follow_up_of = Продолжение заявки
field-name = Имя
field-email = Эл. почта
field-password = Пароль
field-password-again = Повторите пароль
field-current_password = Текущий пароль
field-new_password = Новый пароль
field-time_zone = Часовой пояс
field-role = Роль
field-domains = Почтовые домены
field-shares_tickets = Участники видят заявки друг друга

## Values
status-new = Новая
status-open = Открыта
status-pending = Ожидает ответа
status-on_hold = Приостановлена
status-solved = Решена
status-closed = Закрыта
priority-urgent = Срочный
priority-high = Высокий
priority-normal = Обычный
priority-low = Низкий
priority-auto = Автоматически (влияние × срочность)
type-incident = Инцидент
type-service_request = Запрос на обслуживание
type-question = Вопрос
type-problem = Проблема
type-change = Изменение
channel-api = API
channel-email = Эл. почта
channel-portal = Центр поддержки
channel-chat = Чат
channel-phone = Телефон
channel-monitoring = Мониторинг
channel-web = Рабочее место агента
impact-1 = 1 – Обширное
impact-2 = 2 – Значительное
impact-3 = 3 – Умеренное
impact-4 = 4 – Незначительное
urgency-1 = 1 – Критическая
urgency-2 = 2 – Высокая
urgency-3 = 3 – Средняя
urgency-4 = 4 – Низкая
role-admin = Администратор
role-supervisor = Руководитель
role-agent = Агент
role-light_agent = Помощник агента
role-customer = Клиент

## Ticket page
ticket-title = #{ $number } { $subject }
other-tickets = Другие заявки
timeline-request = Обращение
timeline-reply = Ответ
timeline-note = Внутренняя заметка
author-support = Служба поддержки
actor-system = Система
event-created = { $who }: заявка создана, канал — { $channel }
event-changed = { $who }: поле «{ $field }» изменено: { $from } → { $to }
composer-kind = Тип сообщения
composer-reply = Публичный ответ
composer-note = Внутренняя заметка
composer-body = Сообщение
composer-placeholder = Напишите ответ…
composer-note-hint = Внутренние заметки видны только вашей команде.
composer-markdown = Оформление: **жирный**, *курсив*, `код`, - списки, > цитаты, ссылки
composer-attach = Прикрепить файлы
composer-status = Статус после отправки
composer-keep-status = Не менять статус
composer-send-as = Отправить со статусом «{ $status }»
composer-send = Отправить
presence-viewing = { $count ->
    [one] { $names } тоже просматривает эту заявку
   *[other] { $names } тоже просматривают эту заявку
}
presence-typing = { $count ->
    [one] { $names } печатает…
   *[other] { $names } печатают…
}

## New ticket
new-channel-web = Заявка
new-channel-phone = Записать телефонный звонок
create-ticket = Создать заявку

## Keyboard shortcuts
shortcuts-title = Сочетания клавиш
shortcut-next-prev = Следующая / предыдущая заявка в списке
shortcut-open = Открыть выбранную заявку
shortcut-reply = Ответить
shortcut-note = Внутренняя заметка
shortcut-assign = Назначить мне
shortcut-solve = Решить
shortcut-search = Поиск
shortcut-help = Показать эту справку

## Settings
settings-profile = Профиль
settings-password = Пароль
settings-change-password = Сменить пароль
settings-saved = Сохранено.
language-auto = Язык браузера

## Customer portal
portal-name = Центр поддержки
portal-my-requests = Мои заявки
portal-new-request = Новая заявка
portal-empty = У вас пока нет заявок.
portal-describe = Чем мы можем помочь?
portal-submit = Отправить заявку
portal-reply = Ваш ответ
portal-follow-up = Эта заявка закрыта. Ваше сообщение откроет новую связанную заявку.
portal-mark-solved = Моя проблема решена

## Administration
admin-users = Пользователи
admin-groups = Группы
admin-organizations = Организации
admin-tokens = API-токены
admin-find-user = Поиск по имени или почте
admin-new-user = Новый пользователь
admin-new-group = Новая группа
admin-new-organization = Новая организация
admin-members = Участники
admin-create = Создать
user-active = Активен
user-inactive = Отключён
user-activate = Включить
user-deactivate = Отключить
token-new = Новый API-токен
token-owner = Владелец
token-prefix = Начинается с
token-last-used = Последнее использование
token-revoke = Отозвать
token-revoked = Отозван
token-shown-once = Скопируйте токен сейчас. Он больше не будет показан.

## Saved views
views-saved = Сохранённые представления
view-save = Сохранить представление
view-name = Название представления
view-columns = Столбцы
view-shared = Открыть всем агентам
view-shared-badge = общее
view-rename = Переименовать представление
view-delete = Удалить представление
view-invalid = Этот список нельзя сохранить как представление.
column-number = Номер
column-subject = Тема
column-requester = Автор
column-status = Статус
column-priority = Приоритет
column-assignee = Исполнитель
column-updated = Обновлено

## Instance settings
admin-settings = Настройки
field-instance_name = Название системы
field-default_language = Язык по умолчанию
field-default_time_zone = Часовой пояс по умолчанию
admin-settings-help = Язык и часовой пояс применяются к тем, кто не выбрал свои.

# Ticket list filter panel
filter-title = Фильтр
filter-any-group = Любая группа
filter-assignee-any = Любой
filter-assignee-me = Я
filter-assignee-nobody = Никто (не назначено)
filter-days = Изменены за последние дни
filter-apply = Применить
filter-clear = Сбросить
view-filtered = Отфильтрованные заявки

## Фоновые задачи (администрирование)
admin-jobs = Фоновые задачи
jobs-queue-depth = Ожидают выполнения
jobs-oldest-age = Самое долгое ожидание
jobs-oldest-none = Ничего не ожидает
jobs-by-kind = Задачи по типам
jobs-kind = Тип
jobs-job = Задача
jobs-status-queued = В очереди
jobs-status-running = Выполняются
jobs-status-done = Выполнены
jobs-status-dead = Сбой
jobs-status-retrying = Повтор
jobs-none = Задач пока нет.
jobs-failures = Последние сбои
jobs-failures-none = В последнее время сбоев не было.
jobs-attempts = Попытки
jobs-last-error = Последняя ошибка
jobs-time = Время
jobs-next-attempt = Следующая попытка
jobs-retry = Повторить сейчас
jobs-retried = Задача снова в очереди и скоро будет выполнена.
jobs-age-seconds = { $count ->
    [one] { $count } секунда
    [few] { $count } секунды
   *[many] { $count } секунд
}
jobs-age-minutes = { $count ->
    [one] { $count } минута
    [few] { $count } минуты
   *[many] { $count } минут
}

## SLA: ticket page, queue, notifications, reports, administration
field-priority_override = Приоритет (задан вручную)
nav-reports = Отчёты
column-sla = SLA
sla-title = SLA
sla-none = К этой заявке не применяется ни одна политика SLA.
sla-always = Круглосуточно (24/7)
sla-explain = Как рассчитаны эти сроки
sla-met-at = выполнено { $time }
sla-due-in = через { $time }
sla-overdue-by = просрочено на { $time }
sla-dur-days = { $n } д
sla-dur-hours = { $n } ч
sla-dur-minutes = { $n } мин
sla-health-ok = В срок
sla-health-warning = Срок близко
sla-health-breached = Нарушено
sla-health-paused = На паузе
sla-health-met = Выполнено
sla-target-first_response = Первый ответ
sla-target-next_response = Следующий ответ
sla-target-periodic_update = Регулярное обновление
sla-target-resolution = Решение
sla-target-any = Любая цель
escalate-title = Эскалировать на следующую линию
escalate-reason = Причина эскалации
escalate-submit = Эскалировать
event-sla-warning = Предупреждение SLA: скоро срок «{ $target }»
event-sla-breach = Нарушение SLA: просрочено «{ $target }»
event-sla-escalation = Эскалация по политике SLA: { $detail }
event-escalated = { $who } эскалирует заявку: { $detail }
notifications-title = Уведомления
notifications-unread = { $count ->
    [one] { $count } непрочитанное уведомление
    [few] { $count } непрочитанных уведомления
    [many] { $count } непрочитанных уведомлений
   *[other] { $count } непрочитанного уведомления
}
notifications-mark-all = Отметить все как прочитанные
notifications-empty = Уведомлений пока нет.
notifications-new = Новое:
notification-kind-sla_warning = Предупреждение SLA
notification-kind-sla_breach = Нарушение SLA
notification-kind-escalated = Эскалация
notification-kind-other = Сообщение
report-sla-title = Соблюдение SLA
report-from = С
report-to = По
report-group-by = Группировать по
report-group-policy = Политике
report-group-priority = Приоритету
report-group-group = Группе
report-show = Показать отчёт
report-zone-hint = Дни считаются в поясе { $zone }. Длительности — рабочее время по календарю каждой политики.
report-empty = За этот период заявок не создано.
report-group = Группа
report-tickets = Заявки
report-breaches = Нарушения
report-median-first = Медиана первого ответа
report-median-resolution = Медиана решения
report-percent = { $value } %
report-no-policy = Без политики
report-no-group = Нет
report-bad-date = Дата в поле «{ $field }» должна быть вида 2026-03-31.
admin-sla-calendars = Календари SLA
admin-sla-policies = Политики SLA
sla-delete = Удалить
sla-form-error = Проверьте поле «{ $field }»: { $message }
weekday-monday = Понедельник
weekday-tuesday = Вторник
weekday-wednesday = Среда
weekday-thursday = Четверг
weekday-friday = Пятница
weekday-saturday = Суббота
weekday-sunday = Воскресенье
weekday-short-monday = Пн
weekday-short-tuesday = Вт
weekday-short-wednesday = Ср
weekday-short-thursday = Чт
weekday-short-friday = Пт
weekday-short-saturday = Сб
weekday-short-sunday = Вс
sla-calendar-new = Новый календарь
sla-calendars-empty = Рабочих календарей пока нет. Политики без календаря считают время круглосуточно.
sla-time-zone = Часовой пояс
sla-hours = Рабочие часы
sla-hours-hint = Для каждого дня интервалы вида 09:00-17:00, 18:00-22:00. Конец раньше начала — ночная смена (22:00-06:00). Оставьте день пустым, если в этот день не работают.
sla-always-toggle = Круглосуточно (24/7): не учитывать часы и праздники
sla-holidays = Праздники
sla-holidays-hint = По одному в строке: 2026-12-31 Канун Нового года для одного дня или 01-07 Рождество для каждого года.
sla-preview-title = Предпросмотр
sla-preview-no-policies = Создайте политику, чтобы увидеть сроки её заявок по этому календарю.
sla-policy = Политика
sla-preview-show = Показать сроки
sla-preview-no-targets = У этой политики нет целей для этого приоритета.
sla-preview-summary = Заявка с приоритетом «{ $priority }», открытая сейчас ({ $time }), имела бы сроки:
sla-times-in-zone = Время указано в поясе { $zone }.
sla-import-title = Импорт праздников (iCalendar)
sla-import-file = Файл .ics
sla-import-paste = …или вставьте его текст
sla-import-submit = Импортировать
sla-import-empty = Выберите файл или вставьте текст календаря.
sla-calendar-delete = Удалить этот календарь
sla-calendar-in-use = Этот календарь используется политикой. Сначала измените политику.
sla-policy-new = Новая политика
sla-policies-order-hint = Политики проверяются сверху вниз; действует первая, условия которой подходят к заявке.
sla-policies-empty = Политик SLA пока нет.
sla-order = Порядок
sla-calendar = Календарь
sla-targets = Цели
sla-active = Активна
sla-inactive = Неактивна
sla-move-up = Выше
sla-move-down = Ниже
sla-conditions = Применяется к
sla-conditions-hint = Если ничего не отмечено и не введено — подходит любое. Несколько тегов, категорий или регионов разделяйте запятыми.
sla-channels = Каналы
sla-categories = Категории
sla-regions = Регионы (часовой пояс заявителя)
sla-targets-hint = Оставьте поле пустым, если такой цели нет. Время считается только в рабочие часы календаря.
sla-unit = Единица
sla-unit-minutes = мин
sla-unit-hours = ч
sla-pause = Часы стоят в статусах
sla-warn = Предупреждать
sla-warn-value = Порог предупреждения
sla-warn-default = на 80 % времени
sla-warn-percent = на этом % времени
sla-warn-minutes = за столько минут до срока
sla-escalations = Шаги эскалации
sla-escalations-hint = Что происходит при предупреждении или нарушении цели. Чтобы удалить шаг, выберите «не используется».
sla-step-when = Когда
sla-step-target = Цель
sla-step-action = Действие
sla-step-group = (группа)
sla-step-agent = (агент)
sla-step-unused = — не используется —
sla-on-warning = При предупреждении
sla-on-breach = При нарушении
sla-action-notify_assignee = Уведомить исполнителя
sla-action-notify_group = Уведомить группу
sla-action-notify_supervisors = Уведомить руководителей
sla-action-raise_priority = Повысить приоритет
sla-action-move_to_next_tier = Передать на следующую линию
sla-action-move_to_group = Передать в группу
sla-action-reassign = Назначить агенту

# Custom fields on the ticket panel
custom-field-add = Добавить поле
custom-field-name = Название поля
custom-field-value = Значение
