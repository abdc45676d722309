"""Finishing a decision PDF as an accessible, archival document: PDF/A-3u and PDF/UA-1 at once.

WeasyPrint writes a tagged PDF/A-3u file (``pdf_variant="pdf/a-3u"`` with ``pdf_tags=True``: the structure tree,
``/MarkInfo``, ``/Lang`` from ``<html lang>``, ``/ViewerPreferences /DisplayDocTitle``, the sRGB output intent and
the PDF/A identification in the XMP metadata). It identifies a file as one standard only, and it keeps the page
headers and footers (CSS margin boxes) as marked content outside the structure tree. So :func:`finish`, run by
WeasyPrint on its own PDF objects just before they are written (its ``finisher`` hook, so nothing is parsed again):

- marks the text of the page margins (the reference, "Page X of Y", the draft and confidential marks) as
  pagination artifacts, and drops it from the structure tree's map of marked content;
- adds the PDF/UA-1 identification (``pdfuaid:part``) to the XMP metadata, with the extension schema PDF/A asks
  for a property it does not define itself, and leaves the producer to the XMP alone: signing (pyHanko) rewrites
  the XMP producer, and PDF/A wants the document information and the XMP to agree;
- adds the empty, invisible signature fields that sealing fills in (the seal and its document time-stamp), each
  tagged as a ``Form`` element with its description, so the signed file's only annotations are in the structure
  tree. Signing is an incremental update that fills them: the tags and identification stay true after signing.
"""

from collections.abc import Sequence

import pydyf

PDFUA_EXTENSION = b"""<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the document follows</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""

# Print (4) and Locked (128): PDF/A wants every annotation printable; a zero-size widget shows nothing.
WIDGET_FLAGS = 132


class _Unpacked(pydyf.Dictionary):
    """A dictionary written as an object of its own, outside the compressed object stream.

    pyHanko reads an object in a stream by walking the stream's index from its start; the signature fields, made
    last, are at its end (measured: 9 ms to read the seal's field from a six-page form, against well under one when
    the field stands on its own).
    """

    compressible = False


def _number(reference) -> int:
    return int(reference.split()[0])


def _is_reference(value) -> bool:
    return isinstance(value, bytes | str) and (
        value.endswith(b" R") if isinstance(value, bytes) else value.endswith(" R")
    )


def _object(pdf: pydyf.PDF, reference):
    return pdf.objects[_number(reference)]


def _reachable(pdf: pydyf.PDF, root_reference) -> set[int]:
    """The object numbers of every structure element under ``root_reference``."""
    seen: set[int] = set()
    pending = [root_reference]
    while pending:
        reference = pending.pop()
        number = _number(reference)
        if number in seen:
            continue
        seen.add(number)
        element = pdf.objects[number]
        kids = element.get("K") if isinstance(element, dict) else None
        if isinstance(kids, list):
            pending.extend(kid for kid in kids if _is_reference(kid))
    return seen


def _artifact_margins(pdf: pydyf.PDF, document_reference) -> None:
    """Text WeasyPrint marked but left out of the structure tree (the page margins) becomes a pagination artifact."""
    structure_root = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, structure_root["ParentTree"])["Nums"]
    in_tree = _reachable(pdf, document_reference)
    for page_index, page_reference in enumerate(pdf.page_references):
        mapping = numbers[2 * page_index + 1]
        outside = {
            mcid for mcid, element in enumerate(mapping) if _is_reference(element) and _number(element) not in in_tree
        }
        if not outside:
            continue
        for mcid in outside:
            mapping[mcid] = "null"
        page = _object(pdf, page_reference)
        operations = _object(pdf, page["Contents"]).stream
        for index, operation in enumerate(operations):
            if isinstance(operation, pydyf.Dictionary) and operation.get("MCID") in outside and index:
                operations[index - 1] = "/Artifact"
                operations[index] = pydyf.Dictionary({"Type": "/Pagination"})


def _identify_as_pdf_ua(pdf: pydyf.PDF) -> None:
    metadata = _object(pdf, pdf.catalog["Metadata"])
    content = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
    metadata.stream = [content.replace(b"</rdf:RDF>", PDFUA_EXTENSION + b"</rdf:RDF>", 1)]


def _add_signature_fields(pdf: pydyf.PDF, document_reference, fields: Sequence[tuple[str, str]]) -> None:
    """Empty invisible signature fields on the last page, each a tagged ``Form`` element, for sealing to fill."""
    structure_root = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, structure_root["ParentTree"])["Nums"]
    document_element = _object(pdf, document_reference)
    page_reference = pdf.page_references[-1]
    page = _object(pdf, page_reference)
    next_key = max(numbers[0::2], default=-1) + 1
    form_fields = pydyf.Array()
    annotations = page.get("Annots")
    if annotations is None:
        annotations = page["Annots"] = pydyf.Array()
    elif not isinstance(annotations, list):
        annotations = page["Annots"] = pydyf.Array(_object(pdf, annotations))
    for name, label in fields:
        widget = _Unpacked(
            {
                "Type": "/Annot",
                "Subtype": "/Widget",
                "FT": "/Sig",
                "T": pydyf.String(name),
                "TU": pydyf.String(label),
                "F": WIDGET_FLAGS,
                "Rect": pydyf.Array([0, 0, 0, 0]),
                "P": page_reference,
                "StructParent": next_key,
            }
        )
        pdf.add_object(widget)
        marker = pydyf.Dictionary({"Type": "/OBJR", "Obj": widget.reference, "Pg": page_reference})
        pdf.add_object(marker)
        element = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": "/Form",
                "P": document_reference,
                "Pg": page_reference,
                "Alt": pydyf.String(label),
                "K": pydyf.Array([marker.reference]),
            }
        )
        pdf.add_object(element)
        document_element["K"].append(element.reference)
        numbers.extend([next_key, element.reference])
        annotations.append(widget.reference)
        form_fields.append(widget.reference)
        next_key += 1
    structure_root["ParentTreeNextKey"] = next_key
    # Annotations are read in the order of the structure tree (PDF/UA).
    page["Tabs"] = "/S"
    pdf.catalog["AcroForm"] = pydyf.Dictionary({"Fields": form_fields})


def finish(document, pdf: pydyf.PDF, *, signature_fields: Sequence[tuple[str, str]] = ()) -> None:
    """WeasyPrint's finisher: see the module's docstring."""
    structure_root = _object(pdf, pdf.catalog["StructTreeRoot"])
    document_reference = structure_root["K"][0]
    _artifact_margins(pdf, document_reference)
    _identify_as_pdf_ua(pdf)
    pdf.info.pop("Producer", None)
    if signature_fields:
        _add_signature_fields(pdf, document_reference, signature_fields)
