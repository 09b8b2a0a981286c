// The national document exchange (Trục liên thông văn bản quốc gia). So far: the edXML
// (QCVN 102:2016) parser and builder; routing, delivery and transports come with issue #4.
export * from './edxml/index.ts';
