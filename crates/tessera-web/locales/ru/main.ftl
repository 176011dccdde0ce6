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
