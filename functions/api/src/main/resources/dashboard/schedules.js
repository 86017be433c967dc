// Schedules: each cron schedule, the job it makes, its next fire times, and pause / resume.
import { api } from './api.js';
import { announce, errorNotice, formatTime, h, okNotice, replace, tableWrap, viewHeading } from './dom.js';

export function schedulesView(main) {
  let disposed = false;
  const message = h('div');
  const list = h('div', { 'data-testid': 'schedules' });

  replace(main,
    viewHeading('Schedules'),
    h('p', { class: 'muted' },
      'Schedules are created with POST /schedules (see the API description at ',
      h('a', { href: '/openapi.json' }, '/openapi.json'), '). Each occurrence fires exactly once. Times are shown in this browser\'s time zone.'),
    message,
    h('section', { class: 'panel' }, list));

  async function load() {
    try {
      const { schedules } = await api.schedules();
      if (disposed) return;
      render(schedules);
    } catch (error) {
      if (!disposed) replace(list, errorNotice(error));
    }
  }

  function render(schedules) {
    if (schedules.length === 0) {
      replace(list, h('p', { class: 'muted' }, 'No schedules yet.'));
      return;
    }
    replace(list, tableWrap(h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Schedules'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'),
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Job type'),
        h('th', { scope: 'col' }, 'Next fire times'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, schedules.map((schedule) => h('tr', { dataset: { schedule: schedule.name } },
        h('th', { scope: 'row' }, schedule.name,
          schedule.paused ? h('span', { class: 'badge', 'data-testid': 'paused' }, ' paused') : null),
        h('td', {}, h('code', {}, schedule.cron), h('div', { class: 'muted' }, schedule.timezone)),
        h('td', {}, schedule.job.type),
        h('td', {}, schedule.paused
          ? h('span', { class: 'muted' }, 'Nothing fires while paused.')
          : h('ol', { class: 'fire-times' }, schedule.nextFireTimes.map((time) => h('li', {}, formatTime(time))))),
        h('td', {}, h('button', {
          type: 'button',
          'aria-label': `${schedule.paused ? 'Resume' : 'Pause'} ${schedule.name}`,
          onclick: () => toggle(schedule),
        }, schedule.paused ? 'Resume' : 'Pause'))))))));
  }

  async function toggle(schedule) {
    try {
      if (schedule.paused) {
        await api.resumeSchedule(schedule.name);
      } else {
        await api.pauseSchedule(schedule.name);
      }
      const done = `${schedule.name} ${schedule.paused ? 'resumed' : 'paused'}.`;
      replace(message, okNotice(done));
      announce(done);
    } catch (error) {
      replace(message, errorNotice(error));
    }
    load();
  }

  load();
  return () => { disposed = true; };
}
