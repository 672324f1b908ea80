import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { type Page, usePagedList } from '../composables/use-paged-list.ts';
import PagedListView from './PagedListView.vue';

/** Pages of names from a fake API: a map from cursor ('' for the first page) to the answer or a failure. */
function mountList(pages: Map<string, Page<string> | Error>) {
  const asked: (string | null)[] = [];
  return {
    asked,
    wrapper: mount(
      defineComponent({
        setup() {
          const list = usePagedList<string>(async (cursor) => {
            asked.push(cursor);
            const page = pages.get(cursor ?? '');
            if (!page || page instanceof Error) throw new TypeError('Failed to fetch');
            return page;
          });
          return () =>
            h(
              PagedListView<string>,
              { list, loadingLabel: 'Loading names…', emptyTitle: 'No names yet' },
              {
                default: ({ items }: { items: readonly string[] }) =>
                  h(
                    'ul',
                    items.map((item) => h('li', item)),
                  ),
              },
            );
        },
      }),
    ),
  };
}

const names = (wrapper: ReturnType<typeof mountList>['wrapper']) => wrapper.findAll('li').map((li) => li.text());
const loadMore = (wrapper: ReturnType<typeof mountList>['wrapper']) =>
  wrapper.findAll('button').find((button) => button.text() === 'Load more');

describe('PagedListView', () => {
  it('shows the first page, appends the next on "Load more", and offers no more after the last', async () => {
    const { wrapper, asked } = mountList(
      new Map([
        ['', { items: ['Ada', 'Grace'], nextCursor: 'c2' }],
        ['c2', { items: ['Edsger'], nextCursor: null }],
      ]),
    );
    expect(wrapper.text()).toContain('Loading names…');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Ada', 'Grace']);

    await loadMore(wrapper)?.trigger('click');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Ada', 'Grace', 'Edsger']);
    expect(loadMore(wrapper)).toBeUndefined();
    expect(asked).toEqual([null, 'c2']);
  });

  it('says so when there is nothing', async () => {
    const { wrapper } = mountList(new Map([['', { items: [], nextCursor: null }]]));
    await flushPromises();
    expect(wrapper.text()).toContain('No names yet');
  });

  it('offers a retry when the first page fails, and keeps the list when a further page fails', async () => {
    const pages = new Map<string, Page<string> | Error>([['', new Error('down')]]);
    const { wrapper } = mountList(pages);
    await flushPromises();
    expect(wrapper.text()).toContain('Cannot reach the server');

    pages.set('', { items: ['Ada'], nextCursor: 'c2' });
    await wrapper
      .findAll('button')
      .find((button) => button.text() === 'Try again')
      ?.trigger('click');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Ada']);

    await loadMore(wrapper)?.trigger('click');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Ada']);
    expect(wrapper.get('[role="alert"]').text()).toContain('Cannot reach the server');
    expect(loadMore(wrapper)).toBeDefined();
  });
});
