/* The "Cite" control of the rich-text editor (Draftail).
 *
 * Opens the Reference chooser (search, or add a new reference) and inserts a
 * CITATION entity after the selection: the reference's id, shown as a marker
 * such as "[SAMHSA 2006]". Clicking a marker offers to change or remove it.
 * Plain script on purpose: Wagtail provides React, Draft.js and Draftail as
 * globals, so there is nothing to build.
 */
(() => {
  'use strict';

  const React = window.React;
  const { EditorState, Modifier, SelectionState } = window.DraftJS;

  const markerText = (data) => `[${data.label}]`;

  /* The selection covering an entity's text, in the block that holds it. */
  const entityRange = (content, selection, entityKey) => {
    const block = content.getBlockForKey(selection.getAnchorKey());
    let range = null;
    block.findEntityRanges(
      (character) => character.getEntity() === entityKey,
      (start, end) => {
        range = SelectionState.createEmpty(block.getKey()).merge({
          anchorOffset: start,
          focusOffset: end,
        });
      },
    );
    return range;
  };

  /* A collapsed selection at the end of the given one. */
  const endOf = (selection) =>
    SelectionState.createEmpty(selection.getEndKey()).merge({
      anchorOffset: selection.getEndOffset(),
      focusOffset: selection.getEndOffset(),
    });

  class CitationSource extends React.Component {
    constructor(props) {
      super(props);
      this.onChosen = this.onChosen.bind(this);
      this.onHidden = this.onHidden.bind(this);
    }

    componentDidMount() {
      const { entityType, onClose } = this.props;
      window.jQuery(document.body).on('hidden.bs.modal', this.onHidden);
      this.workflow = window.ModalWorkflow({
        url: entityType.chooserUrls.referenceChooser,
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
        onError: () => {
          window.alert('The list of references could not be opened. Try again.');
          onClose();
        },
      });
    }

    componentWillUnmount() {
      window.jQuery(document.body).off('hidden.bs.modal', this.onHidden);
      this.workflow = null;
    }

    onHidden(event) {
      event.preventDefault();
      this.props.onClose();
    }

    onChosen(result) {
      const { editorState, entity, entityKey, entityType, onComplete } =
        this.props;
      const data = { id: Number(result.id), label: result.label || result.string };
      let content = editorState.getCurrentContent();
      const selection = editorState.getSelection();
      content = content.createEntity(entityType.type, 'IMMUTABLE', data);
      const newKey = content.getLastCreatedEntityKey();
      const existing = entity && entityKey
        ? entityRange(content, selection, entityKey)
        : null;
      content = existing
        ? Modifier.replaceText(content, existing, markerText(data), null, newKey)
        : Modifier.insertText(
            content,
            endOf(selection),
            markerText(data),
            null,
            newKey,
          );
      if (this.workflow) {
        this.workflow.close();
      }
      onComplete(EditorState.push(editorState, content, 'insert-characters'));
    }

    render() {
      return null;
    }
  }

  const Citation = (props) => {
    const { entityKey, contentState, children, onEdit, onRemove } = props;
    const data = contentState.getEntity(entityKey).getData();
    const className = data.missing
      ? 'citation-entity citation-entity--missing'
      : 'citation-entity';
    const label = data.missing
      ? 'This reference no longer exists'
      : `Cites ${data.label}`;
    const TooltipEntity = window.draftail.TooltipEntity;
    const inner = TooltipEntity
      ? React.createElement(TooltipEntity, {
          entityKey,
          onEdit,
          onRemove,
          icon: null,
          label,
          children,
        })
      : children;
    return React.createElement(
      'span',
      { className, 'data-citation-id': data.id, title: label },
      inner,
    );
  };

  window.draftail.registerPlugin(
    { type: 'CITATION', source: CitationSource, decorator: Citation },
    'entityTypes',
  );
})();
