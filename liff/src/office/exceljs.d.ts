// exceljs's browser build without polyfills (modern browsers need none): the same API as the
// package's Node entry, whose types it shares.
declare module "exceljs/dist/exceljs.bare.min.js" {
  import ExcelJS from "exceljs";
  export default ExcelJS;
}
